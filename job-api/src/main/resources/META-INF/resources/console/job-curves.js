// Loss and metric curves as plain SVG: one small chart per series of GET /api/v1/jobs/{id}/progress.
'use strict';
const Curves = (() => {
  const {el, svg, clear} = Mf;
  const W = 600, H = 220, PAD_L = 56, PAD_R = 12, PAD_T = 12, PAD_B = 28;

  function label(value) {
    if (!isFinite(value)) return '';
    const a = Math.abs(value);
    return a !== 0 && (a < 0.001 || a >= 1e5) ? value.toExponential(2) : String(+value.toPrecision(4));
  }

  /** One chart: the series' points scaled into the box, axis ticks at the ends. */
  function chart(name, points) {
    const steps = points.map(p => p[0]);
    const values = points.map(p => p[1]).filter(v => typeof v === 'number' && isFinite(v));
    const minX = Math.min(...steps), maxX = Math.max(...steps);
    let minY = Math.min(...values), maxY = Math.max(...values);
    if (minY === maxY) { minY -= 0.5; maxY += 0.5; }
    const x = s => PAD_L + (maxX === minX ? 0.5 : (s - minX) / (maxX - minX)) * (W - PAD_L - PAD_R);
    const y = v => PAD_T + (1 - (v - minY) / (maxY - minY)) * (H - PAD_T - PAD_B);
    const drawn = points.filter(p => typeof p[1] === 'number' && isFinite(p[1]));
    const box = svg('svg', {viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': name,
      'data-series': name});
    box.append(svg('line', {x1: PAD_L, y1: H - PAD_B, x2: W - PAD_R, y2: H - PAD_B, class: 'axis'}));
    box.append(svg('line', {x1: PAD_L, y1: PAD_T, x2: PAD_L, y2: H - PAD_B, class: 'axis'}));
    [[maxY, PAD_T + 10], [minY, H - PAD_B]].forEach(([v, py]) => {
      const t = svg('text', {x: PAD_L - 6, y: py, class: 'tick', 'text-anchor': 'end'});
      t.textContent = label(v);
      box.append(t);
    });
    [[minX, PAD_L, 'start'], [maxX, W - PAD_R, 'end']].forEach(([s, px, anchor]) => {
      const t = svg('text', {x: px, y: H - 8, class: 'tick', 'text-anchor': anchor});
      t.textContent = 'step ' + s;
      box.append(t);
    });
    const line = svg('polyline', {class: 'curve', 'data-series': name, 'data-points': String(drawn.length),
      points: drawn.map(p => x(p[0]).toFixed(1) + ',' + y(p[1]).toFixed(1)).join(' ')});
    box.append(line);
    const last = drawn[drawn.length - 1];
    if (last) box.append(svg('circle', {cx: x(last[0]).toFixed(1), cy: y(last[1]).toFixed(1), r: 3, class: 'last'}));
    return el('figure', {class: 'curve-box'}, box,
      el('figcaption', {}, name + (last ? ' — ' + label(last[1]) + ' at step ' + last[0] : '')));
  }

  /** Draws every series of a progress answer into container; returns how many were drawn. */
  function draw(container, series) {
    const names = Object.keys(series || {}).filter(n => Array.isArray(series[n]) && series[n].length > 0).sort();
    clear(container, names.map(n => chart(n, series[n])));
    return names.length;
  }

  return {draw};
})();
