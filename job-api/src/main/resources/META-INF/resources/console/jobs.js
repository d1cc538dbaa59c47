// The jobs list: filters, server-side pages (the API's cursor; a stack of cursors for "newer"), auto-refresh.
'use strict';
(async () => {
  const {el, clear, json, api} = Mf;
  const PAGE_SIZE = 50;
  const form = document.getElementById('filters');
  const body = document.querySelector('#jobs tbody');
  const cursors = [null];           // cursors[i]: the cursor of page i (null: the first)
  let page = 0;
  let next = null;

  const me = await Mf.header('Jobs');
  if (me.admin) {
    const teams = await json('/api/v1/teams');
    const select = document.getElementById('filter-team');
    teams.forEach(t => select.append(el('option', {value: t.name}, t.name)));
    select.hidden = false;
  }
  const initial = Mf.params();
  ['name', 'state', 'team'].forEach(k => { if (initial.get(k)) form.elements[k].value = initial.get(k); });

  function query() {
    const q = new URLSearchParams({limit: PAGE_SIZE});
    const name = form.elements.name.value.trim();
    const state = form.elements.state.value;
    const team = form.elements.team.value;
    if (name) q.set('name', name);
    if (state === 'live') q.set('ended', 'false');
    else if (state === 'ended') q.set('ended', 'true');
    else if (state) q.set('state', state);
    if (team) q.set('team', team);
    if (cursors[page]) q.set('cursor', cursors[page]);
    return q;
  }

  function row(job) {
    return el('tr', {'data-job-id': job.id},
      el('td', {'data-label': 'Job'}, el('a', {href: '/console/job.html?id=' + encodeURIComponent(job.id)}, job.name),
        el('div', {class: 'muted small'}, job.id)),
      el('td', {'data-label': 'Team'}, job.team),
      el('td', {'data-label': 'State'}, Mf.stateBadge(job.state),
        job.reason && job.state !== 'RUNNING' ? el('div', {class: 'muted small reason'}, job.reason) : null),
      el('td', {'data-label': 'Progress'}, Mf.progressBar(job.progress)),
      el('td', {'data-label': 'ETA', class: 'eta'}, Mf.etaText(job)),
      el('td', {'data-label': 'Submitted'}, Mf.time(job.submittedAt)));
  }

  async function load() {
    const error = document.getElementById('jobs-error');
    const response = await api('/api/v1/jobs?' + query());
    if (!response.ok) {
      error.textContent = (await response.json().catch(() => ({}))).detail || 'HTTP ' + response.status;
      error.hidden = false;
      return;
    }
    error.hidden = true;
    const jobs = await response.json();
    next = response.headers.get('Mesoflow-Next-Cursor');
    clear(body, jobs.map(row));
    document.getElementById('jobs-empty').hidden = jobs.length > 0;
    document.getElementById('page-prev').disabled = page === 0;
    document.getElementById('page-next').disabled = !next;
    document.getElementById('page-number').textContent = 'page ' + (page + 1);
    document.getElementById('refreshed').textContent = 'updated ' + Mf.time(new Date().toISOString());
    const shown = new URLSearchParams();
    ['name', 'state', 'team'].forEach(k => { if (form.elements[k].value) shown.set(k, form.elements[k].value); });
    history.replaceState(null, '', shown.toString() ? '?' + shown : location.pathname);
  }

  form.addEventListener('submit', e => { e.preventDefault(); cursors.length = 1; page = 0; load(); });
  form.elements.state.addEventListener('change', () => form.requestSubmit());
  form.elements.team.addEventListener('change', () => form.requestSubmit());
  document.getElementById('page-next').addEventListener('click', () => {
    if (!next) return;
    cursors[page + 1] = next;
    page += 1;
    load();
  });
  document.getElementById('page-prev').addEventListener('click', () => { if (page > 0) { page -= 1; load(); } });
  Mf.every(5000, load);
})();
