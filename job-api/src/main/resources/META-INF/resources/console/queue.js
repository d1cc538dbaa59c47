// The queue: GET /api/v1/queue (position, reason, start ETA); where that endpoint does not exist
// (an older job-api), the QUEUED jobs of the jobs list with their queue positions.
'use strict';
(async () => {
  const {el, clear, api, json} = Mf;
  await Mf.header('Queue');

  async function queued() {
    const response = await api('/api/v1/queue');
    if (response.ok) {
      document.getElementById('queue-fallback').hidden = true;
      return (await response.json()).jobs || [];
    }
    if (response.status !== 404) throw new Error('HTTP ' + response.status);
    document.getElementById('queue-fallback').hidden = false;
    const jobs = await json('/api/v1/jobs?state=QUEUED&limit=200');
    return jobs.map(j => Object.assign({position: j.queuePosition, reason: j.reason,
      priority: j.spec && j.spec.priority}, j)).sort((a, b) => (a.position || 1e9) - (b.position || 1e9));
  }

  async function load() {
    const jobs = await queued();
    clear(document.querySelector('#queue tbody'), jobs.map(j => el('tr', {'data-job-id': j.id},
      el('td', {'data-label': '#', class: 'position'}, j.position ?? ''),
      el('td', {'data-label': 'Job'}, el('a', {href: '/console/job.html?id=' + encodeURIComponent(j.id)}, j.name || j.id)),
      el('td', {'data-label': 'Team'}, j.team),
      el('td', {'data-label': 'Priority'}, j.priority ?? ''),
      el('td', {'data-label': 'Start ETA', class: 'eta'}, j.startEta && j.startEta.eta ? Mf.eta(j.startEta.eta)
        : j.startEta ? 'unknown' : ''),
      el('td', {'data-label': 'Waits', class: 'small'}, (j.startEta && j.startEta.reason) || j.reason || ''),
      el('td', {'data-label': 'Submitted'}, Mf.time(j.submittedAt)))));
    document.getElementById('queue-empty').hidden = jobs.length > 0;
  }

  Mf.every(5000, load);
})();
