// A job's page: summary, progress and curves, tasks with their attempts, TF_CONFIG and logs, live
// config, revisions, the timeline, suspend/resume and cancel buttons. Refreshes every 3 s while the job lives.
'use strict';
(async () => {
  const {el, clear, api, json} = Mf;
  const id = Mf.params().get('id') || '';
  const path = '/api/v1/jobs/' + encodeURIComponent(id);
  const text = (elementId, value) => { document.getElementById(elementId).textContent = value ?? ''; };
  let ended = false, tfConfigTask = null, attemptsByKey = {};

  await Mf.header('Jobs');

  function showJob(job) {
    document.title = 'MesoFlow console · ' + job.name;
    text('job-name', job.name);
    text('job-id', job.id);
    text('job-team', job.team);
    text('job-revision', job.revision);
    clear(document.getElementById('job-state'), Mf.stateBadge(job.state));
    text('job-reason', job.reason || '');
    text('job-eta', Mf.etaText(job));
    text('job-run', job.runSeconds === null || job.runSeconds === undefined ? '' : Mf.duration(job.runSeconds));
    text('job-gpu', typeof job.gpuHours === 'number' ? job.gpuHours.toFixed(2) : '');
    text('job-output', job.outputDir || '');
    const board = document.getElementById('tensorboard');
    board.hidden = !job.tensorboardUrl;
    if (job.tensorboardUrl) board.href = job.tensorboardUrl;
    ended = ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(job.state);
    document.getElementById('cancel').hidden = ended;
    const suspended = job.state === 'SUSPENDING' || job.state === 'SUSPENDED';
    document.getElementById('suspend-box').hidden = ended || suspended;
    // only a user's suspension waits for a resume; preempted and budget-suspended jobs re-queue by themselves
    document.getElementById('resume').hidden = !(job.state === 'SUSPENDED'
      && (!job.suspension || job.suspension.cause === 'user'));
    showSuspension(job.suspension);
    document.querySelectorAll('#context-form button, #count-form button').forEach(b => { b.disabled = ended; });
    Config.showSpec(job.spec);
    showProgress(job.progress);
  }

  /** The latest suspension: cause, who, why, what it cost; "(resumed ...)" once the job left it. */
  function showSuspension(s) {
    document.getElementById('job-suspension-row').hidden = !s;
    if (!s) return;
    const cost = typeof s.gpuHoursSinceCheckpoint === 'number'
      ? s.gpuHoursSinceCheckpoint.toFixed(2) + ' GPU h since the last checkpoint' : 'work since the last checkpoint unknown';
    text('job-suspension', [s.cause + (s.requestedBy ? ' by ' + s.requestedBy : ''), s.reason, cost,
      s.checkpointStep !== null && s.checkpointStep !== undefined ? 'checkpoint step ' + s.checkpointStep : null,
      s.gracePeriodSeconds !== null && s.gracePeriodSeconds !== undefined ? 'grace ' + s.gracePeriodSeconds + ' s' : null,
      s.at ? 'at ' + Mf.time(s.at) : null, s.resumedAt ? 'resumed ' + Mf.time(s.resumedAt) : null]
      .filter(Boolean).join(' · '));
  }

  function showProgress(progress) {
    const box = document.getElementById('progress');
    if (!progress) { clear(box); document.getElementById('budget-warning').hidden = true; return; }
    const facts = [
      progress.stepsPerSecond ? progress.stepsPerSecond.toFixed(1) + ' steps/s' : null,
      progress.finishEta ? 'finishes ' + Mf.eta(progress.finishEta) : null,
      progress.checkpointStep !== null && progress.checkpointStep !== undefined
        ? 'checkpoint at step ' + progress.checkpointStep : null,
      progress.task ? 'from ' + progress.task + (progress.source ? ' (' + progress.source + ')' : '') : null,
      progress.gpuHours ? 'GPU hours ' + (progress.gpuHours.used ?? 0).toFixed(2)
        + (progress.gpuHours.projected ? ' of ~' + progress.gpuHours.projected.toFixed(2) : '') : null,
    ].filter(Boolean);
    clear(box, Mf.progressBar(progress), el('div', {class: 'muted small'}, facts.join(' · ')),
      progress.scalars ? el('div', {class: 'small mono'}, Object.entries(progress.scalars)
        .map(([k, v]) => k + ' ' + (typeof v === 'number' ? +v.toPrecision(4) : v)).join(' · ')) : null);
    const warning = progress.gpuHours && progress.gpuHours.warning;
    const w = document.getElementById('budget-warning');
    w.hidden = !warning;
    w.textContent = warning || '';
  }

  async function loadCurves() {
    const response = await api(path + '/progress');
    if (!response.ok) { document.getElementById('curves-none').hidden = false; return; }  // 404: none (yet)
    const body = await response.json();
    if (body.progress) showProgress(body.progress);
    const drawn = Curves.draw(document.getElementById('curves'), body.series);
    document.getElementById('curves-none').hidden = drawn > 0;
  }

  function showTfConfig(key) {
    const a = attemptsByKey[key];
    if (!a) return;
    tfConfigTask = key;
    document.getElementById('tfconfig').hidden = false;
    text('tfconfig-task', a.name + ' (attempt ' + a.attempt + ')');
    text('tfconfig-json', a.tfConfig ? JSON.stringify(a.tfConfig, null, 2) : 'none (this task gets no TF_CONFIG)');
  }

  async function loadTasks() {
    const attempts = await json(path + '/tasks');
    attemptsByKey = {};
    const latest = {};
    attempts.forEach(a => {
      attemptsByKey[a.name + '/' + a.attempt] = a;
      if (!latest[a.name] || latest[a.name].attempt < a.attempt) latest[a.name] = a;
    });
    clear(document.querySelector('#tasks tbody'), attempts.map(a => {
      const key = a.name + '/' + a.attempt;
      const current = latest[a.name] === a;
      return el('tr', {'data-task': a.name, 'data-attempt': a.attempt, class: current ? null : 'older'},
        el('td', {'data-label': 'Task'}, a.name),
        el('td', {'data-label': 'Attempt'}, a.attempt),
        el('td', {'data-label': 'State'}, Mf.stateBadge(a.state)),
        el('td', {'data-label': 'Ready'}, a.ready === null || a.ready === undefined ? '' : a.ready ? 'yes' : 'no'),
        el('td', {'data-label': 'Agent', class: 'mono small'}, a.agentId || ''),
        el('td', {'data-label': 'Address', class: 'mono small'}, a.address || ''),
        el('td', {'data-label': 'Exit'}, a.exitCode ?? ''),
        el('td', {'data-label': 'Reason', class: 'small'}, [a.reason, a.message].filter(Boolean).join(': ')),
        el('td', {class: 'row-actions'},
          el('button', {type: 'button', class: 'show-tfconfig', onclick: () => showTfConfig(key)}, 'TF_CONFIG'),
          current ? el('button', {type: 'button', class: 'show-logs', disabled: !a.sandbox,
            onclick: () => Logs.open(id, a.name)}, 'Logs') : null));
    }));
    if (tfConfigTask) showTfConfig(tfConfigTask);
  }

  async function loadTimeline() {
    const entries = await json(path + '/events');
    clear(document.getElementById('timeline'), entries.slice().reverse().map(e => el('li', {'data-kind': e.kind},
      el('span', {class: 'when muted small'}, Mf.time(e.at)), ' ',
      el('span', {class: 'kind'}, e.kind), ' ',
      e.task ? el('span', {class: 'mono small'}, e.task + (e.attempt !== undefined ? '/' + e.attempt : '')) : null,
      ' ', e.state ? el('strong', {}, e.state) : null, ' ', e.message ? el('span', {class: 'small'}, e.message) : null)));
  }

  async function refresh() {
    const response = await api(path);
    if (response.status === 404) {
      document.getElementById('not-found').hidden = false;
      document.getElementById('job').hidden = true;
      return;
    }
    if (!response.ok) throw new Error('HTTP ' + response.status);
    showJob(await response.json());
    document.getElementById('job').hidden = false;
    await Promise.all([loadTasks(), loadTimeline(), loadCurves(), Config.loadRevisions()]);
  }

  const cancel = document.getElementById('cancel');
  let armed = null;
  cancel.addEventListener('click', async () => {
    if (!armed) {
      cancel.textContent = 'Click again to cancel';
      cancel.classList.add('armed');
      armed = setTimeout(() => { armed = null; cancel.textContent = 'Cancel job'; cancel.classList.remove('armed'); }, 5000);
      return;
    }
    clearTimeout(armed);
    armed = null;
    cancel.disabled = true;
    const message = document.getElementById('job-message');
    message.hidden = false;
    try {
      await json(path + '/cancel', {method: 'POST', json: {reason: 'cancelled from the console'}});
      message.textContent = 'Cancel requested: the tasks are being stopped.';
    } catch (e) {
      message.textContent = 'Not cancelled: ' + e.message;
    }
    cancel.disabled = false;
    cancel.textContent = 'Cancel job';
    cancel.classList.remove('armed');
    refresh();
  });

  /** POSTs a suspend or resume and says what came of it. */
  async function request(button, action, body, done) {
    button.disabled = true;
    const message = document.getElementById('job-message');
    message.hidden = false;
    try {
      await json(path + '/' + action, {method: 'POST', json: body});
      message.textContent = done;
    } catch (e) {
      message.textContent = 'Not ' + action + 'ed: ' + e.message;
    }
    button.disabled = false;
    refresh();
  }

  const suspend = document.getElementById('suspend');
  suspend.addEventListener('click', () => {
    const grace = document.getElementById('suspend-grace').value.trim();
    const body = {reason: 'suspended from the console'};
    if (grace !== '') body.gracePeriodSeconds = Number(grace);
    request(suspend, 'suspend', body, 'Suspend requested: the tasks got the notice and checkpoint before they stop.');
  });
  const resume = document.getElementById('resume');
  resume.addEventListener('click', () => request(resume, 'resume', {reason: 'resumed from the console'},
    'Resume requested: the job goes back to the queue and restores from its latest checkpoint.'));

  Config.init(id, refresh);
  let ticks = 0;
  Mf.every(3000, () => (!ended || ticks++ % 5 === 0) ? refresh() : null);
})();
