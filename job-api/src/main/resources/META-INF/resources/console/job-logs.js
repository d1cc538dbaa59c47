// A task's live log: stdout or stderr of its latest attempt, polled from where the last read ended
// (the logs endpoint's Mesoflow-Log-Offset header), kept to the last 400 KB on the page.
'use strict';
const Logs = (() => {
  const {api} = Mf;
  const KEEP = 400 * 1024;
  let jobId = null, task = null, stream = 'stderr', offset = null, stop = null, generation = 0;
  const output = () => document.getElementById('log-output');

  async function poll(mine) {
    if (mine !== generation) return;
    const q = new URLSearchParams({stream});
    if (offset === null) q.set('tail', '65536'); else q.set('offset', String(offset));
    const response = await api(`/api/v1/jobs/${encodeURIComponent(jobId)}/tasks/${encodeURIComponent(task)}/logs?` + q,
      {headers: {Accept: 'text/plain, application/problem+json'}});
    if (mine !== generation) return;
    const error = document.getElementById('logs-error');
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      error.textContent = body.detail || 'HTTP ' + response.status;
      error.hidden = false;
      return;
    }
    error.hidden = true;
    const text = await response.text();
    const end = response.headers.get('Mesoflow-Log-Offset');
    if (end !== null) offset = Number(end);
    if (text) {
      const pre = output();
      const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 20;
      let all = pre.textContent + text;
      if (all.length > KEEP) all = all.slice(all.length - KEEP);
      pre.textContent = all;
      if (atBottom && document.getElementById('logs-follow').checked) pre.scrollTop = pre.scrollHeight;
    }
  }

  function restart() {
    if (stop) stop();
    generation += 1;
    const mine = generation;
    offset = null;
    output().textContent = '';
    document.querySelectorAll('#logs .tabs button').forEach(b => b.classList.toggle('active', b.dataset.stream === stream));
    stop = Mf.every(2000, () => document.getElementById('logs-follow').checked || offset === null ? poll(mine) : null);
  }

  /** Shows the log of task (its latest attempt), stderr first: TensorFlow writes its progress there. */
  function open(id, name) {
    jobId = id;
    task = name;
    document.getElementById('logs').hidden = false;
    document.getElementById('logs-task').textContent = name;
    restart();
    document.getElementById('logs').scrollIntoView({behavior: 'smooth', block: 'start'});
  }

  document.querySelectorAll('#logs .tabs button').forEach(b => b.addEventListener('click', () => {
    stream = b.dataset.stream;
    restart();
  }));

  return {open};
})();
