// Live config (a JSON merge patch through PATCH /api/v1/jobs/{id}: a context key, or a role's count)
// and the job's spec revisions with a diff between two of them.
'use strict';
const Config = (() => {
  const {el, clear, json} = Mf;
  let jobId = null, onChange = () => {}, shownRevisions = -1;

  /** A value as typed: JSON when it parses (0.01, true, "text", [1,2]), else the text itself. */
  function parseValue(text) {
    try { return JSON.parse(text); } catch (e) { return text; }
  }

  async function patch(body, what) {
    const result = document.getElementById('config-result');
    result.hidden = false;
    result.className = 'notice';
    result.textContent = 'Applying ' + what + ' …';
    try {
      const job = await json('/api/v1/jobs/' + encodeURIComponent(jobId), {method: 'PATCH', json: body,
        contentType: 'application/merge-patch+json'});
      result.textContent = 'Applied ' + what + ': revision ' + job.revision + '. The redeploy shows on the timeline.';
      onChange();
    } catch (e) {
      result.className = 'error';
      result.textContent = 'Not applied: ' + e.message;
    }
  }

  /** Fills the forms' choices from the job's current spec. */
  function showSpec(spec) {
    const keys = document.getElementById('ctx-keys');
    clear(keys, Object.keys((spec && spec.context) || {}).sort().map(k => el('option', {value: k})));
    const roles = document.getElementById('role-name');
    const names = Object.keys((spec && spec.roles) || {}).sort();
    if (roles.options.length !== names.length) {
      clear(roles, names.map(r => el('option', {value: r}, r + ' (' + spec.roles[r].count + ')')));
    } else {
      names.forEach((r, i) => { roles.options[i].textContent = r + ' (' + spec.roles[r].count + ')'; });
    }
  }

  /** path -> JSON text of every leaf of a spec, for the diff. */
  function flatten(value, path, out) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
      Object.keys(value).forEach(k => flatten(value[k], path ? path + '.' + k : k, out));
    } else {
      out[path] = JSON.stringify(value);
    }
    return out;
  }

  /** The fields that differ between two specs: [path, before, after] (undefined: absent). */
  function diff(before, after) {
    const a = flatten(before, '', {}), b = flatten(after, '', {});
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
      .filter(p => a[p] !== b[p]).map(p => [p, a[p], b[p]]);
  }

  let revisions = [];
  function showDiff() {
    const from = revisions.find(r => String(r.revision) === document.getElementById('diff-from').value);
    const to = revisions.find(r => String(r.revision) === document.getElementById('diff-to').value);
    const body = document.querySelector('#diff tbody');
    if (!from || !to) { clear(body); return; }
    const rows = diff(from.spec, to.spec);
    clear(body, rows.length === 0 ? [el('tr', {}, el('td', {class: 'muted'}, 'No difference.'))]
      : rows.map(([path, a, b]) => el('tr', {'data-path': path},
        el('td', {class: 'mono'}, path),
        el('td', {class: 'mono removed'}, a === undefined ? '—' : a),
        el('td', {class: 'mono added'}, b === undefined ? '—' : b))));
  }

  async function loadRevisions() {
    revisions = await json('/api/v1/jobs/' + encodeURIComponent(jobId) + '/revisions');
    if (revisions.length === shownRevisions) return;
    shownRevisions = revisions.length;
    clear(document.getElementById('revisions'), revisions.map(r =>
      el('li', {'data-revision': r.revision}, 'revision ' + r.revision + ' · ' + Mf.time(r.createdAt))));
    const options = () => revisions.map(r => el('option', {value: r.revision}, 'rev ' + r.revision));
    clear(document.getElementById('diff-from'), options());
    clear(document.getElementById('diff-to'), options());
    if (revisions.length > 1) document.getElementById('diff-from').value = revisions[revisions.length - 2].revision;
    document.getElementById('diff-to').value = revisions[revisions.length - 1].revision;
    showDiff();
  }

  function init(id, changed) {
    jobId = id;
    onChange = changed;
    document.getElementById('context-form').addEventListener('submit', e => {
      e.preventDefault();
      const key = document.getElementById('ctx-key').value.trim();
      const value = parseValue(document.getElementById('ctx-value').value);
      patch({context: {[key]: value}}, key + ' = ' + JSON.stringify(value));
    });
    document.getElementById('count-form').addEventListener('submit', e => {
      e.preventDefault();
      const role = document.getElementById('role-name').value;
      const count = Number(document.getElementById('role-count').value);
      patch({roles: {[role]: {count}}}, role + ' count = ' + count);
    });
    document.getElementById('diff-from').addEventListener('change', showDiff);
    document.getElementById('diff-to').addEventListener('change', showDiff);
  }

  return {init, showSpec, loadRevisions, diff};
})();
