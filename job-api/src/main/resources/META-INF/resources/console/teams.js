// Teams: quota and usage (GET /api/v1/teams), and each team's GPU-hour budget burning down over its
// window (GET /api/v1/teams/{team}/gpu-hours) as an SVG chart.
'use strict';
(async () => {
  const {el, svg, clear, json} = Mf;
  const W = 520, H = 200, L = 48, R = 10, T = 10, B = 26;
  await Mf.header('Teams');

  function quota(q) {
    const parts = [q.cpus ? q.cpus + ' CPUs' : null, q.memMb ? Math.round(q.memMb / 1024) + ' GiB' : null,
      q.gpus !== null && q.gpus !== undefined ? q.gpus + ' GPUs' : null,
      q.gpuHoursBudget ? q.gpuHoursBudget + ' GPU h / ' + q.windowHours + ' h' : null].filter(Boolean);
    return parts.length ? parts.join(' · ') : 'no limit';
  }

  /** The used GPU hours over the window (an area) against the budget (a dashed line). */
  function burnDown(view) {
    const start = new Date(view.windowStart).getTime(), end = new Date(view.now).getTime();
    const top = Math.max(view.budget || 0, ...view.points.map(p => p.used), 0.001) * 1.1;
    const x = t => L + (new Date(t).getTime() - start) / Math.max(1, end - start) * (W - L - R);
    const y = v => T + (1 - v / top) * (H - T - B);
    const chart = svg('svg', {viewBox: `0 0 ${W} ${H}`, class: 'chart', 'data-team': view.team});
    chart.append(svg('line', {x1: L, y1: H - B, x2: W - R, y2: H - B, class: 'axis'}));
    chart.append(svg('line', {x1: L, y1: T, x2: L, y2: H - B, class: 'axis'}));
    let d = `M${x(view.points[0].at).toFixed(1)},${y(0).toFixed(1)}`;
    let previous = 0;
    view.points.forEach(p => {   // a step curve: usage counts when an attempt ends
      d += ` L${x(p.at).toFixed(1)},${y(previous).toFixed(1)} L${x(p.at).toFixed(1)},${y(p.used).toFixed(1)}`;
      previous = p.used;
    });
    d += ` L${x(view.now).toFixed(1)},${y(0).toFixed(1)} Z`;
    chart.append(svg('path', {d, class: 'used'}));
    if (view.budget) chart.append(svg('line', {x1: L, x2: W - R, y1: y(view.budget), y2: y(view.budget), class: 'budget'}));
    const labels = [[L - 4, T + 10, 'end', top.toFixed(1) + ' h'], [L - 4, H - B, 'end', '0'],
      [L, H - 6, 'start', '-' + view.windowHours + ' h'], [W - R, H - 6, 'end', 'now']];
    labels.forEach(([lx, ly, anchor, textValue]) => {
      const t = svg('text', {x: lx, y: ly, 'text-anchor': anchor, class: 'tick'});
      t.textContent = textValue;
      chart.append(t);
    });
    const used = view.points[view.points.length - 1].used;
    const window = view.windowSeconds ? Mf.duration(view.windowSeconds) : view.windowHours + ' h';
    return el('figure', {class: 'curve-box budget-figure', 'data-team': view.team}, chart,
      el('figcaption', {}, view.team + ': ' + used.toFixed(2) + ' GPU h used in the last ' + window
        + (view.budget ? ' of ' + view.budget + ' (' + Math.max(0, view.budget - used).toFixed(2) + ' left)'
          : ' (no budget)')),
      // at or over the warning threshold (mesoflow.api.budget.warning-threshold): what happens when it is spent
      view.notice ? el('p', {class: 'error budget-notice', 'data-team': view.team}, view.notice) : null);
  }

  async function load() {
    const teams = await json('/api/v1/teams');
    clear(document.querySelector('#teams tbody'), teams.map(t => el('tr', {'data-team': t.name},
      el('td', {'data-label': 'Team'}, el('a', {href: '/console/?team=' + encodeURIComponent(t.name)}, t.name)),
      el('td', {'data-label': 'Quota'}, quota(t.quota)),
      el('td', {'data-label': 'Active'}, t.usage.activeJobs),
      el('td', {'data-label': 'Queued'}, t.usage.queuedJobs),
      el('td', {'data-label': 'GPU h'}, t.usage.gpuHoursUsed.toFixed(2)
        + (t.quota.gpuHoursBudget ? ' / ' + t.quota.gpuHoursBudget : '')))));
    const charts = [];
    for (const t of teams.slice(0, 50)) {
      try { charts.push(burnDown(await json('/api/v1/teams/' + encodeURIComponent(t.name) + '/gpu-hours'))); }
      catch (e) { /* an older job-api without the burn-down: the table says enough */ }
    }
    clear(document.getElementById('burn-downs'), charts.length ? el('h2', {}, 'GPU-hour budgets') : null, charts);
  }

  Mf.every(30000, load);
})();
