// MesoFlow console: helpers every page shares. Every API call goes through Mf.api, which sends the
// console's header (X-Mesoflow-Console: 1, required with the login cookie for changes) and lets the
// browser send the HttpOnly login cookie; a 401 goes to the login page. The token is never in a page.
'use strict';
const Mf = (() => {
  const LOGIN = '/console/login.html';

  async function api(path, options = {}) {
    const headers = Object.assign({'X-Mesoflow-Console': '1', 'Accept': 'application/json'}, options.headers || {});
    const init = Object.assign({}, options, {headers, credentials: 'same-origin'});
    if (options.json !== undefined) {
      init.body = JSON.stringify(options.json);
      headers['Content-Type'] = options.contentType || 'application/json';
    }
    const response = await fetch(path, init);
    if (response.status === 401) {
      location.href = LOGIN;
      throw new Error('not logged in');
    }
    return response;
  }

  /** The JSON body of a 2xx answer; else throws an Error with the problem's status, detail and field errors. */
  async function json(path, options) {
    const response = await api(path, options);
    if (!response.ok) {
      throw await problem(response);
    }
    return response.json();
  }

  async function problem(response) {
    let body = {};
    try { body = await response.json(); } catch (e) { /* not a problem body */ }
    const fields = (body.errors || []).map(e => (e.field ? e.field + ': ' : '') + e.reason).join('; ');
    const error = new Error((body.detail || ('HTTP ' + response.status)) + (fields ? ' (' + fields + ')' : ''));
    error.status = response.status;
    error.body = body;
    return error;
  }

  /** An element; attributes as an object (on* functions become listeners), children as nodes or text. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([key, value]) => {
      if (value === null || value === undefined || value === false) return;
      if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
      else if (key === 'text') node.textContent = value;
      else if (key === 'style') node.style.cssText = value; // CSSOM: allowed by the console's CSP
      else node.setAttribute(key, value === true ? '' : value);
    });
    children.flat().forEach(c => {
      if (c === null || c === undefined || c === false) return;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    });
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    return node;
  }

  function clear(node, ...children) {
    node.replaceChildren(...children.flat().filter(c => c !== null && c !== undefined));
    return node;
  }

  function time(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    const today = new Date().toDateString() === d.toDateString();
    return today ? d.toLocaleTimeString([], {hour: '2-digit', minute: '2-digit', second: '2-digit'})
      : d.toLocaleString([], {month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit'});
  }

  /** "in 4 min (10:42)" for an instant to come, "10:42" for one past. */
  function eta(iso) {
    if (!iso) return '';
    const seconds = Math.round((new Date(iso) - Date.now()) / 1000);
    if (seconds <= 0) return 'due ' + time(iso);
    return 'in ' + duration(seconds) + ' (' + time(iso) + ')';
  }

  function duration(seconds) {
    if (seconds < 90) return seconds + ' s';
    if (seconds < 5400) return Math.round(seconds / 60) + ' min';
    if (seconds < 172800) return (seconds / 3600).toFixed(1) + ' h';
    return Math.round(seconds / 86400) + ' d';
  }

  function stateBadge(state) {
    return el('span', {class: 'state state-' + String(state || '').toLowerCase(), text: state || '?'});
  }

  /** A progress bar for a job's progress (null: none reported). */
  function progressBar(progress) {
    if (!progress) return el('span', {class: 'muted', text: '–'});
    const fraction = typeof progress.fraction === 'number' ? Math.max(0, Math.min(1, progress.fraction)) : null;
    const label = (progress.step !== undefined && progress.step !== null ? 'step ' + progress.step : '')
      + (progress.totalSteps ? ' / ' + progress.totalSteps : '')
      + (fraction !== null ? ' · ' + Math.round(fraction * 100) + '%' : '');
    return el('div', {class: 'progress', title: label},
      el('div', {class: 'progress-bar', style: 'width:' + (fraction === null ? 0 : fraction * 100).toFixed(1) + '%'}),
      el('span', {class: 'progress-label', text: label}));
  }

  /** What a job waits for or when it ends: the finish ETA while it runs, the start ETA while queued. */
  function etaText(job) {
    if (job.progress && job.progress.finishEta) return 'finishes ' + eta(job.progress.finishEta);
    if (job.startEta) {
      const where = job.startEta.position ? '#' + job.startEta.position + ' ' : '';
      return where + (job.startEta.eta ? 'starts ' + eta(job.startEta.eta) : 'start unknown')
        + (job.startEta.reason ? ': ' + job.startEta.reason : '');
    }
    if (job.state === 'QUEUED' && job.queuePosition) return '#' + job.queuePosition + ' in queue';
    return '';
  }

  let whoamiPromise;
  function whoami() {
    whoamiPromise = whoamiPromise || json('/api/v1/whoami');
    return whoamiPromise;
  }

  /** The header: links to the pages, who is logged in, and a logout button. */
  async function header(active) {
    const links = [['Jobs', '/console/'], ['Queue', '/console/queue.html'], ['Teams', '/console/teams.html']];
    const who = el('span', {class: 'who', id: 'whoami'});
    const nav = el('nav', {class: 'top'},
      el('a', {class: 'brand', href: '/console/'}, 'MesoFlow'),
      el('div', {class: 'links'}, links.map(([name, href]) =>
        el('a', {href, class: name === active ? 'active' : null}, name))),
      who,
      el('form', {method: 'post', action: '/console/logout', class: 'logout'},
        el('button', {type: 'submit', id: 'logout'}, 'Log out')));
    document.body.prepend(nav);
    const me = await whoami();
    who.textContent = me.subject + (me.team ? ' · ' + me.team : '') + (me.admin ? ' · admin' : '');
    return me;
  }

  /**
   * Calls fn now and every ms (4 x ms while the page is hidden). Returns stop(): no call after it,
   * not even from a poll still in flight when it was called (that one does not reschedule).
   */
  function every(ms, fn) {
    let timer = null;
    let stopped = false;
    const run = async () => {
      timer = null;
      if (stopped) return;
      try { await fn(); } catch (e) { if (e.message !== 'not logged in') console.warn(e); }
      if (!stopped) timer = setTimeout(run, document.hidden ? ms * 4 : ms);
    };
    run();
    return () => { stopped = true; clearTimeout(timer); };
  }

  function params() {
    return new URLSearchParams(location.search);
  }

  return {api, json, el, svg, clear, time, eta, duration, stateBadge, progressBar, etaText, header, whoami, every,
    params};
})();
