// mlp-lab dashboard (./lab ui) and report (./lab report): one page, routed by the URL's hash.
// Every text from a run file is put into the page as text (textContent, never innerHTML), and
// ECharts draws on canvas with plain-text tooltips, so no run file can inject markup or script.
(function () {
  'use strict';

  /** The 95% Wilson score interval of k successes in n trials (as summary.md's brackets). */
  function wilson(k, n) {
    const z = 1.959963984540054;
    const p = k / n;
    const z2 = z * z;
    const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    const half = z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
    return [Math.max(0, centre - half), Math.min(1, centre + half)];
  }

  window.__labErrors = [];
  window.addEventListener('error', (e) => window.__labErrors.push(String(e.message)));
  window.addEventListener('unhandledrejection', (e) => window.__labErrors.push(String(e.reason)));

  const REPORT = window.LAB_REPORT || null;
  /** How often the runs list and a live run are read again, in ms. */
  const POLL_RUNS_MS = 2000;
  const POLL_LIVE_MS = 1000;
  const COLORS = ['#3b4cc0', '#f7f7f7', '#b40426'];

  let charts = [];
  let timers = [];
  let generation = 0;

  // ---- data -------------------------------------------------------------------------------

  function apiKey(endpoint, q) {
    return endpoint + '?' + Object.keys(q).sort().map((k) => k + '=' + q[k]).join('&');
  }

  async function api(endpoint, q) {
    q = q || {};
    if (REPORT) {
      const v = REPORT.api[apiKey(endpoint, q)];
      if (v === undefined) throw new Error('not included in this report: ' + apiKey(endpoint, q));
      return v;
    }
    const qs = Object.keys(q).sort()
      .map((k) => encodeURIComponent(k) + '=' + encodeURIComponent(q[k])).join('&');
    const r = await fetch('/api/' + endpoint + (qs ? '?' + qs : ''));
    if (!r.ok) throw new Error(endpoint + ': ' + r.status + ' ' + (await r.text()));
    return r.json();
  }

  function fileUrl(dir, name) {
    return '/files/' + (dir + '/' + name).split('/').map(encodeURIComponent).join('/');
  }

  // ---- DOM --------------------------------------------------------------------------------

  function el(tag, attrs) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, String(v));
    }
    for (let i = 2; i < arguments.length; i++) add(e, arguments[i]);
    return e;
  }

  function add(parent, child) {
    if (child === undefined || child === null || child === false) return;
    if (Array.isArray(child)) child.forEach((c) => add(parent, c));
    else parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }

  function fmt(v) {
    if (v === null || v === undefined || v === '') return '';
    if (typeof v !== 'number') return String(v);
    if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
    const a = Math.abs(v);
    if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(3);
    return String(+v.toPrecision(5));
  }

  function table(id, headers, rows) {
    return el('table', {id: id},
      el('thead', {}, el('tr', {}, headers.map((h) => el('th', {}, h)))),
      el('tbody', {}, rows.map((r) => el('tr', {}, r.map((c) =>
        c instanceof Node ? el('td', {}, c)
          : el('td', {class: typeof c === 'number' ? 'num' : null}, fmt(c)))))));
  }

  function chart(parent, name, option, wide) {
    const div = el('div', {class: 'chart' + (wide ? ' wide' : ''), 'data-chart': name});
    parent.append(div);
    const c = echarts.init(div, null, {renderer: 'canvas'});
    c.setOption(Object.assign({
      animation: false,
      tooltip: {renderMode: 'richText', confine: true},
    }, option));
    charts.push(c);
    return c;
  }

  function link(href, text, attrs) {
    return el('a', Object.assign({href: REPORT ? null : href}, attrs || {}), text);
  }

  function every(ms, fn) {
    if (REPORT) return;
    const mine = generation;
    const id = setInterval(() => {
      if (mine !== generation) return;
      fn().catch((e) => showError(e));
    }, ms);
    timers.push(id);
  }

  function showError(e) {
    const main = document.querySelector('main');
    if (main) main.prepend(el('p', {class: 'error'}, String(e && e.message ? e.message : e)));
  }

  // ---- routing ----------------------------------------------------------------------------

  async function route() {
    generation++;
    timers.forEach(clearInterval);
    timers = [];
    charts.forEach((c) => c.dispose());
    charts = [];
    document.body.removeAttribute('data-ready');
    const hash = REPORT ? '#/' + REPORT.route : (location.hash || '#/');
    const rest = hash.replace(/^#\/?/, '');
    const slash = rest.indexOf('/');
    const page = slash < 0 ? rest : rest.slice(0, slash);
    const arg = slash < 0 ? '' : decodeURIComponent(rest.slice(slash + 1));
    const main = el('main');
    const nav = REPORT ? el('header', {}, el('span', {class: 'brand'}, 'mlp-lab report'))
      : el('header', {}, el('a', {class: 'brand', href: '#/'}, 'mlp-lab'),
        el('a', {href: '#/'}, 'Runs'), el('a', {href: '#/bench'}, 'Bench'));
    document.getElementById('app').replaceChildren(nav, main);
    document.body.setAttribute('data-page', page || 'runs');
    const pages = {'': runsPage, run: runPage, live: livePage, compare: comparePage,
      sweep: sweepPage, bench: benchPage};
    try {
      if (!pages[page]) throw new Error('no page ' + page);
      await pages[page](main, arg);
    } catch (e) {
      showError(e);
    }
    document.body.setAttribute('data-ready', 'true');
  }

  // ---- runs -------------------------------------------------------------------------------

  const RUN_COLUMNS = [
    ['name', (r) => r.path], ['experiment', (r) => r.experiment],
    ['hidden', (r) => r.spec['model.hidden']], ['activation', (r) => r.spec['model.activation']],
    ['optimizer', (r) => r.spec['optimizer.name']], ['lr', (r) => num(r.spec['optimizer.lr'])],
    ['epochs', (r) => r.epochs], ['seed', (r) => r.seed], ['engine', (r) => r.engine || r.spec.engine],
    ['final loss', (r) => r.final_train_loss], ['train acc', (r) => r.train_accuracy],
    ['valid acc', (r) => r.valid_accuracy], ['test acc', (r) => r.test_accuracy],
    ['date', (r) => r.time]];

  function num(s) {
    const v = parseFloat(s);
    return Number.isFinite(v) ? v : s;
  }

  async function runsPage(main) {
    const state = {sort: 0, desc: false, selected: new Set(), data: await api('runs')};
    const liveBox = el('div', {id: 'live'});
    const filter = el('input', {id: 'filter', type: 'search', placeholder: 'filter: name, description, value'});
    const keySelect = el('select', {id: 'spec-key'});
    const keyValue = el('input', {id: 'spec-value', type: 'search', placeholder: 'value'});
    const compare = el('button', {id: 'compare', type: 'button'}, 'Compare selected');
    const count = el('span', {id: 'count', class: 'muted'});
    const tableBox = el('div');
    const sweepsBox = el('div', {id: 'sweeps'});
    main.append(el('h1', {}, 'Runs'), liveBox,
      el('div', {class: 'controls'}, filter, el('label', {}, 'spec key ', keySelect), keyValue,
        compare, count), tableBox, el('h2', {}, 'Sweeps'), sweepsBox);

    function fillKeys() {
      const keys = new Set();
      state.data.runs.forEach((r) => Object.keys(r.spec).forEach((k) => keys.add(k)));
      const current = keySelect.value;
      keySelect.replaceChildren(el('option', {value: ''}, '(any)'),
        ...[...keys].sort().map((k) => el('option', {value: k}, k)));
      keySelect.value = keys.has(current) ? current : '';
    }

    function visible() {
      const text = filter.value.trim().toLowerCase();
      const key = keySelect.value;
      const value = keyValue.value.trim().toLowerCase();
      return state.data.runs.filter((r) => {
        if (text) {
          const hay = [r.name, r.path, r.description, r.experiment, ...Object.values(r.spec)]
            .join('\n').toLowerCase();
          if (!hay.includes(text)) return false;
        }
        if (key && value) {
          const v = r.spec[key];
          if (v === undefined || !String(v).toLowerCase().includes(value)) return false;
        } else if (key && r.spec[key] === undefined) {
          return false;
        }
        return true;
      });
    }

    function renderTable() {
      const rows = visible();
      const get = RUN_COLUMNS[state.sort][1];
      rows.sort((a, b) => {
        const x = get(a);
        const y = get(b);
        const c = (x === undefined || x === null) ? 1 : (y === undefined || y === null) ? -1
          : (typeof x === 'number' && typeof y === 'number') ? x - y
            : String(x).localeCompare(String(y), undefined, {numeric: true});
        return state.desc ? -c : c;
      });
      const head = el('tr', {}, el('th', {}, ''), RUN_COLUMNS.map(([name], i) =>
        el('th', {class: 'sortable', 'data-col': name, onclick: () => {
          state.desc = state.sort === i ? !state.desc : false;
          state.sort = i;
          renderTable();
        }}, name + (state.sort === i ? (state.desc ? ' \u25bc' : ' \u25b2') : ''))));
      const body = rows.map((r) => el('tr', {'data-path': r.path, title: r.description || ''},
        el('td', {}, el('input', {type: 'checkbox', class: 'pick', checked: state.selected.has(r.path),
          onchange: (e) => { if (e.target.checked) state.selected.add(r.path); else state.selected.delete(r.path); }})),
        RUN_COLUMNS.map(([name, g], i) => {
          const v = g(r);
          if (i === 0) return el('td', {}, link('#/run/' + encodeURIComponent(r.path), v));
          return el('td', {class: typeof v === 'number' ? 'num' : null}, fmt(v));
        })));
      tableBox.replaceChildren(el('table', {id: 'runs-table'}, el('thead', {}, head),
        el('tbody', {}, body)));
      count.textContent = rows.length + ' of ' + state.data.runs.length + ' runs';
    }

    function renderLive() {
      const live = state.data.live || [];
      liveBox.replaceChildren(live.length ? el('div', {}, el('h2', {class: 'live'}, 'Training now'),
        el('ul', {}, live.map((l) => el('li', {},
          link('#/live/' + encodeURIComponent(l.id), l.name, {class: 'live-link'}),
          ' ', el('span', {class: 'muted'}, l.spec.description || ''))))) : '');
    }

    function renderSweeps() {
      sweepsBox.replaceChildren(table('sweeps-table', ['sweep', 'description', 'jobs done'],
        state.data.sweeps.map((s) => [link('#/sweep/' + encodeURIComponent(s.name), s.name),
          s.description, s.done + ' of ' + s.jobs + (s.complete ? '' : ' (running or stopped)')])));
    }

    [filter, keyValue].forEach((i) => i.addEventListener('input', renderTable));
    keySelect.addEventListener('change', renderTable);
    compare.addEventListener('click', () => {
      if (state.selected.size < 2) {
        showError('pick two or more runs to compare');
        return;
      }
      location.hash = '#/compare/' + encodeURIComponent(JSON.stringify([...state.selected]));
    });
    fillKeys();
    renderLive();
    renderTable();
    renderSweeps();
    every(POLL_RUNS_MS, async () => {
      const next = await api('runs');
      const sig = (d) => JSON.stringify([d.runs.map((r) => [r.path, r.time]), d.sweeps, d.live.map((l) => l.id)]);
      if (sig(next) === sig(state.data)) return;
      state.data = next;
      fillKeys();
      renderLive();
      renderTable();
      renderSweeps();
    });
  }

  // ---- one run ----------------------------------------------------------------------------

  function series(metrics, suffix) {
    const cols = metrics.columns;
    const out = [];
    cols.forEach((c, i) => {
      if (i === 0 || !c.endsWith(suffix)) return;
      out.push({name: c, type: 'line', showSymbol: false,
        data: metrics.rows.filter((r) => r[i] !== null).map((r) => [r[0], r[i]])});
    });
    return out;
  }

  function curveOption(title, list, log) {
    return {
      title: {text: title, left: 'center', textStyle: {fontSize: 13}},
      legend: {top: 22, type: 'scroll'},
      grid: {left: 70, right: 20, top: 55, bottom: 60},
      tooltip: {trigger: 'axis', renderMode: 'richText', confine: true},
      xAxis: {type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 25},
      yAxis: log ? {type: 'log'} : {type: 'value', scale: true},
      dataZoom: [{type: 'inside'}, {type: 'slider', height: 16, bottom: 5}],
      series: list,
    };
  }

  function curves(parent, metrics, prefix) {
    const box = el('div', {class: 'charts'});
    const logBox = el('input', {type: 'checkbox', id: 'log-y', checked: true});
    parent.append(el('div', {class: 'controls'}, el('label', {}, logBox, ' loss on a log axis')), box);
    const loss = series(metrics, '_loss');
    const lossChart = chart(box, 'loss', curveOption((prefix || '') + 'loss', loss, true));
    logBox.addEventListener('change', () =>
      lossChart.setOption({yAxis: logBox.checked ? {type: 'log', scale: false}
        : {type: 'value', scale: true}}));
    const acc = series(metrics, '_accuracy');
    const accChart = acc.length ? chart(box, 'accuracy', curveOption((prefix || '') + 'accuracy', acc, false)) : null;
    return {box: box, loss: lossChart, acc: accChart};
  }

  function facts(summary) {
    const keys = ['experiment', 'seed', 'engine', 'epochs', 'final_train_loss', 'train_accuracy',
      'valid_loss', 'valid_accuracy', 'test_loss', 'test_accuracy', 'train_seconds',
      'epoch_seconds', 'misclassified_count', 'w', 'b', 'diverged', 'diverged_epoch'];
    return table('facts', ['key', 'value'],
      keys.filter((k) => summary[k] !== undefined && summary[k] !== null).map((k) => [k, summary[k]]));
  }

  async function runPage(main, path) {
    const d = await api('run', {path: path});
    const s = d.summary;
    main.append(el('h1', {id: 'run-name'}, s.name || d.path),
      el('p', {class: 'description', id: 'description'}, s.description || ''),
      el('p', {class: 'muted'}, d.path), facts(s));
    if (d.metrics) curves(main, d.metrics);
    if (d.surface) {
      main.append(el('h2', {}, 'Output over [0,1]\u00b2'));
      const box = el('div', {class: 'charts'});
      main.append(box);
      surface3d(box, d.surface);
      gridMap(box, 'heatmap', 'output (heat map)', d.surface, []);
    }
    if (d.regions) {
      main.append(el('h2', {}, 'Decision regions'));
      const box = el('div', {class: 'charts'});
      main.append(box);
      gridMap(box, 'regions', 'P(class 1) with the train (o) and validation (\u25b3) points',
        d.regions, [['train', d.train_points, 'circle'], ['valid', d.valid_points, 'triangle']]);
    }
    if (d.confusion) mnist(main, d, s);
    main.append(el('h2', {}, 'Spec'), el('pre', {id: 'spec'}, d.spec_text || ''));
    const prov = s.provenance || {};
    main.append(el('h2', {}, 'Provenance'), table('provenance', ['key', 'value'],
      Object.keys(prov).map((k) => [k, typeof prov[k] === 'string' ? prov[k] : JSON.stringify(prov[k])])));
    main.append(el('h2', {}, 'Files'), el('ul', {id: 'files'}, d.files.map((f) =>
      el('li', {}, link(fileUrl(d.path, f.name), f.name), ' ', el('span', {class: 'muted'}, fmt(f.bytes) + ' bytes')))));
  }

  function mnist(main, d, s) {
    const c = d.confusion;
    main.append(el('h2', {}, 'Test set: confusion matrix and per-class metrics'));
    const box = el('div', {class: 'charts'});
    main.append(box);
    const data = [];
    let max = 0;
    c.counts.forEach((row, t) => row.forEach((v, p) => {
      data.push([p, t, v]);
      if (t !== p) max = Math.max(max, v);
    }));
    chart(box, 'confusion', {
      title: {text: 'true (rows) vs predicted (columns)', left: 'center', textStyle: {fontSize: 13}},
      grid: {left: 50, right: 20, top: 40, bottom: 70},
      xAxis: {type: 'category', data: c.labels, name: 'predicted', nameLocation: 'middle', nameGap: 22},
      yAxis: {type: 'category', data: c.labels, name: 'true', inverse: true},
      visualMap: {min: 0, max: Math.max(1, max), calculable: true, orient: 'horizontal', left: 'center', bottom: 0,
        inRange: {color: ['#ffffff', '#fdae61', '#b40426']}, outOfRange: {color: '#9ecae1'}},
      series: [{type: 'heatmap', data: data, label: {show: true, fontSize: 10}}],
    });
    const pc = s.per_class_test_accuracy || [];
    box.append(el('div', {class: 'panel'}, table('per-class', ['class', 'test images', 'recall (accuracy)', 'precision'],
      c.per_class.map((p, i) => [p.label, p.count, pc[i] !== undefined ? pc[i] : p.recall, p.precision]))));
    const images = d.files.filter((f) => f.name.endsWith('.png') && /misclassified|digits/.test(f.name));
    if (images.length && !REPORT) {
      main.append(el('h2', {}, 'Digits'), el('div', {class: 'charts'}, images.map((f) =>
        el('figure', {}, el('img', {class: 'result', src: fileUrl(d.path, f.name), alt: f.name}),
          el('figcaption', {}, f.name)))));
    }
  }

  /** The color of a value in [0,1] on a blue-white-red ramp. */
  function ramp(v) {
    const t = Math.max(0, Math.min(1, v)) * 2;
    const [a, b] = t <= 1 ? [COLORS[0], COLORS[1]] : [COLORS[1], COLORS[2]];
    const f = t <= 1 ? t : t - 1;
    const h = (c, i) => parseInt(c.slice(1 + 2 * i, 3 + 2 * i), 16);
    return 'rgb(' + [0, 1, 2].map((i) => Math.round(h(a, i) + (h(b, i) - h(a, i)) * f)).join(',') + ')';
  }

  /** A grid of network outputs as colored cells, with labelled points drawn over it. */
  function gridMap(parent, name, title, g, pointSets) {
    const n = g.x.length;
    const dx = (g.x[n - 1] - g.x[0]) / (n - 1);
    const dy = (g.y[n - 1] - g.y[0]) / (n - 1);
    const cells = [];
    g.z.forEach((row, r) => row.forEach((v, c) => cells.push([g.x[c], g.y[r], v])));
    const list = [{
      // All cells at once: ECharts draws more than 3,000 items progressively, frame by frame.
      type: 'custom', name: 'output', data: cells, progressive: 0,
      renderItem: (params, a) => {
        const p0 = a.coord([a.value(0) - dx / 2, a.value(1) - dy / 2]);
        const p1 = a.coord([a.value(0) + dx / 2, a.value(1) + dy / 2]);
        return {type: 'rect', shape: {x: p0[0], y: p1[1], width: p1[0] - p0[0] + 0.5, height: p0[1] - p1[1] + 0.5},
          style: {fill: a.visual('color')}};
      },
      encode: {x: 0, y: 1, tooltip: [0, 1, 2]},
    }];
    pointSets.forEach(([label, pts, symbol]) => list.push({
      // Label 1 black, label 0 white: readable over both colors of the map.
      type: 'scatter', name: label + ' (black: 1, white: 0)', symbol: symbol, symbolSize: 7,
      itemStyle: {color: '#888'},
      data: pts.map((p) => ({value: p, itemStyle: {color: p[2] > 0.5 ? '#111' : '#fff', borderColor: '#000', borderWidth: 0.8}})),
    }));
    return chart(parent, name, {
      title: {text: title, left: 'center', textStyle: {fontSize: 13}},
      grid: {left: 50, right: 90, top: 40, bottom: 40},
      tooltip: {renderMode: 'richText', confine: true},
      legend: pointSets.length ? {bottom: 0} : undefined,
      xAxis: {type: 'value', min: g.x[0] - dx / 2, max: g.x[n - 1] + dx / 2, name: 'x1',
        axisLabel: {showMinLabel: false, showMaxLabel: false}},
      yAxis: {type: 'value', min: g.y[0] - dy / 2, max: g.y[n - 1] + dy / 2, name: 'x2',
        axisLabel: {showMinLabel: false, showMaxLabel: false}},
      visualMap: {seriesIndex: 0, dimension: 2, min: 0, max: 1, calculable: true, right: 0, top: 'middle',
        inRange: {color: COLORS}},
      series: list,
    });
  }

  /** A rotatable 3D surface z(x, y) on a canvas: drag to turn it, painter's algorithm. */
  function surface3d(parent, g) {
    const n = g.x.length;
    const w = 560;
    const h = 360;
    const canvas = el('canvas', {class: 'surface', width: w, height: h, 'data-chart': 'surface',
      'data-quads': (n - 1) * (n - 1), title: 'drag to rotate'});
    parent.append(canvas);
    const ctx = canvas.getContext('2d');
    const view = {az: -0.7, el: 0.55};
    const x0 = g.x[0];
    const xs = g.x[n - 1] - x0;
    const y0 = g.y[0];
    const ys = g.y[n - 1] - y0;
    function project(x, y, z) {
      const px = (x - x0) / xs - 0.5;
      const py = (y - y0) / ys - 0.5;
      const pz = (z - 0.5) * 0.7;
      const xr = px * Math.cos(view.az) - py * Math.sin(view.az);
      const yr = px * Math.sin(view.az) + py * Math.cos(view.az);
      const y2 = yr * Math.cos(view.el) - pz * Math.sin(view.el);
      const z2 = yr * Math.sin(view.el) + pz * Math.cos(view.el);
      const s = 200;
      return [w / 2 + s * xr, h / 2 + 20 - s * z2, y2];
    }
    function draw() {
      ctx.clearRect(0, 0, w, h);
      const quads = [];
      for (let r = 0; r < n - 1; r++) {
        for (let c = 0; c < n - 1; c++) {
          const corners = [[c, r], [c + 1, r], [c + 1, r + 1], [c, r + 1]];
          const pts = corners.map(([i, j]) => project(g.x[i], g.y[j], g.z[j][i]));
          const zmean = corners.reduce((a, [i, j]) => a + g.z[j][i], 0) / 4;
          quads.push({pts: pts, depth: pts.reduce((a, p) => a + p[2], 0) / 4, z: zmean});
        }
      }
      quads.sort((a, b) => b.depth - a.depth);
      ctx.lineWidth = 0.3;
      ctx.strokeStyle = 'rgba(0,0,0,0.35)';
      for (const q of quads) {
        ctx.beginPath();
        ctx.moveTo(q.pts[0][0], q.pts[0][1]);
        for (let k = 1; k < 4; k++) ctx.lineTo(q.pts[k][0], q.pts[k][1]);
        ctx.closePath();
        ctx.fillStyle = ramp(q.z);
        ctx.fill();
        ctx.stroke();
      }
      ctx.strokeStyle = '#444';
      ctx.fillStyle = '#222';
      ctx.font = '12px sans-serif';
      const axis = (a, b, label) => {
        const p = project(...a);
        const q = project(...b);
        ctx.beginPath();
        ctx.moveTo(p[0], p[1]);
        ctx.lineTo(q[0], q[1]);
        ctx.stroke();
        ctx.fillText(label, q[0] + 4, q[1]);
      };
      axis([g.x[0], g.y[0], 0], [g.x[n - 1], g.y[0], 0], 'x1');
      axis([g.x[0], g.y[0], 0], [g.x[0], g.y[n - 1], 0], 'x2');
      axis([g.x[0], g.y[0], 0], [g.x[0], g.y[0], 1], 'output');
      ctx.fillText('output surface: drag to rotate', 8, 16);
    }
    let drag = null;
    canvas.addEventListener('pointerdown', (e) => { drag = [e.clientX, e.clientY]; canvas.setPointerCapture(e.pointerId); });
    canvas.addEventListener('pointerup', () => { drag = null; });
    canvas.addEventListener('pointermove', (e) => {
      if (!drag) return;
      view.az += (e.clientX - drag[0]) * 0.01;
      view.el = Math.max(-1.5, Math.min(1.5, view.el + (e.clientY - drag[1]) * 0.01));
      drag = [e.clientX, e.clientY];
      canvas.setAttribute('data-azimuth', view.az.toFixed(3));
      draw();
    });
    draw();
    return canvas;
  }

  // ---- live -------------------------------------------------------------------------------

  async function livePage(main, id) {
    const title = el('h1', {}, id);
    const status = el('p', {id: 'live-status', class: 'live'});
    main.append(title, status);
    let drawn = null;
    async function update() {
      const live = await api('live');
      const run = live.find((l) => l.id === id);
      if (!run) {
        status.replaceChildren('finished or stopped: ',
          link('#/run/' + encodeURIComponent(drawn ? drawn.target : id.replace(/^.*\//, '')), 'open the result'));
        status.className = 'muted';
        return;
      }
      title.textContent = run.name + ' (training)';
      const m = run.metrics;
      const last = m.rows.length ? m.rows[m.rows.length - 1][0] : 0;
      status.textContent = 'epoch ' + last + ' of ' + (run.spec.epochs || '?') + ', ' + m.rows.length + ' rows';
      if (!drawn) {
        main.append(el('p', {class: 'description'}, run.spec.description || ''));
        drawn = curves(main, m);
        drawn.target = run.target;
      } else {
        drawn.loss.setOption({series: series(m, '_loss')});
        if (drawn.acc) drawn.acc.setOption({series: series(m, '_accuracy')});
      }
    }
    await update();
    every(POLL_LIVE_MS, update);
  }

  // ---- compare ----------------------------------------------------------------------------

  async function comparePage(main, arg) {
    const paths = JSON.parse(arg);
    const runs = await Promise.all(paths.map((p) => api('run', {path: p})));
    main.append(el('h1', {}, 'Compare ' + runs.length + ' runs'));
    const box = el('div', {class: 'charts'});
    main.append(box);
    const overlay = (suffix) => {
      const list = [];
      runs.forEach((r) => {
        if (!r.metrics) return;
        series(r.metrics, suffix).forEach((s) => {
          s.name = r.path + ': ' + s.name;
          if (!s.name.includes('train')) s.lineStyle = {type: 'dashed'};
          list.push(s);
        });
      });
      return list;
    };
    chart(box, 'compare-loss', curveOption('loss', overlay('_loss'), true));
    const acc = overlay('_accuracy');
    if (acc.length) chart(box, 'compare-accuracy', curveOption('accuracy', acc, false));
    const keys = new Set();
    runs.forEach((r) => Object.keys(r.spec).forEach((k) => keys.add(k)));
    const differ = [...keys].sort().filter((k) => new Set(runs.map((r) => r.spec[k])).size > 1);
    main.append(el('h2', {}, 'Spec keys that differ (' + differ.length + ' of ' + keys.size + ')'),
      table('differ', ['key'].concat(runs.map((r) => r.path)),
        differ.map((k) => [k].concat(runs.map((r) => r.spec[k] === undefined ? '(none)' : r.spec[k])))));
    main.append(el('h2', {}, 'Final metrics'), table('finals', ['run', 'final loss', 'train acc', 'valid acc', 'test acc'],
      runs.map((r) => [link('#/run/' + encodeURIComponent(r.path), r.path), r.summary.final_train_loss,
        r.summary.train_accuracy, r.summary.valid_accuracy, r.summary.test_accuracy])));
  }

  // ---- sweep ------------------------------------------------------------------------------

  function pointLabel(values) {
    return Object.entries(values).map(([k, v]) => k + '=' + v).join(' ');
  }

  async function sweepPage(main, name) {
    const d = await api('sweep', {name: name});
    main.append(el('h1', {}, 'Sweep ' + d.name), el('p', {class: 'description'}, d.description),
      el('p', {id: 'sweep-progress', class: d.done < d.jobs ? 'live' : 'muted'},
        d.done + ' of ' + d.jobs + ' jobs done; success: ' + JSON.stringify(d.success || {})));
    if (!d.rows.length) {
      main.append(el('p', {}, 'no runs.csv yet: the sweep is running or stopped; this page shows it when the sweep has written runs.csv.'));
      every(POLL_RUNS_MS * 2, async () => {
        const next = await api('sweep', {name: name});
        if (next.rows.length || next.done !== d.done) route();
      });
      return;
    }
    const keys = d.keys;
    const xSel = el('select', {id: 'heat-x'}, keys.map((k) => el('option', {value: k}, k)));
    const ySel = el('select', {id: 'heat-y'}, el('option', {value: ''}, '(none)'), keys.map((k) => el('option', {value: k}, k)));
    xSel.value = keys[0] || '';
    ySel.value = keys[1] || '';
    const heatBox = el('div', {class: 'charts'});
    main.append(el('h2', {}, 'Success rate (k/N and its 95% Wilson interval)'), el('div', {class: 'controls'},
      el('label', {}, 'x ', xSel), el('label', {}, 'y ', ySel)), heatBox);
    let heat = null;
    function drawHeat() {
      if (heat) { heat.dispose(); charts = charts.filter((c) => c !== heat); heatBox.replaceChildren(); }
      const xk = xSel.value;
      const yk = ySel.value;
      const xs = [...new Set(d.rows.map((r) => String(r[xk])))];
      const ys = yk ? [...new Set(d.rows.map((r) => String(r[yk])))] : ['all'];
      const cells = new Map();
      d.rows.forEach((r) => {
        const key = String(r[xk]) + '\u0000' + (yk ? String(r[yk]) : 'all');
        const c = cells.get(key) || [0, 0];
        c[0] += r.success ? 1 : 0;
        c[1] += 1;
        cells.set(key, c);
      });
      const data = [];
      cells.forEach((c, key) => {
        const [xv, yv] = key.split('\u0000');
        const ci = wilson(c[0], c[1]);
        data.push({value: [xs.indexOf(xv), ys.indexOf(yv), c[0] / c[1]],
          label: {formatter: c[0] + '/' + c[1] + '\n[' + ci[0].toFixed(2) + ', ' + ci[1].toFixed(2) + ']'}});
      });
      heat = chart(heatBox, 'success-heatmap', {
        grid: {left: 110, right: 30, top: 20, bottom: 90},
        xAxis: {type: 'category', data: xs, name: xk, nameLocation: 'middle', nameGap: 28},
        yAxis: {type: 'category', data: ys, name: yk},
        visualMap: {min: 0, max: 1, calculable: true, orient: 'horizontal', left: 'center', bottom: 0,
          inRange: {color: ['#f7f7f7', '#1a9850']}},
        series: [{type: 'heatmap', data: data, label: {show: true}}],
      }, true);
    }
    xSel.addEventListener('change', drawHeat);
    ySel.addEventListener('change', drawHeat);
    drawHeat();

    const points = d.points;
    const labels = points.map((p) => pointLabel(p.values));
    const index = new Map(points.map((p, i) => [JSON.stringify(keys.map((k) => p.values[k])), i]));
    const box = el('div', {class: 'charts'});
    main.append(el('h2', {}, 'Final loss of every seed, per point'), box);
    const strip = d.rows.filter((r) => r.final_train_loss !== null).map((r) => {
      const i = index.get(JSON.stringify(keys.map((k) => r[k])));
      const jitter = ((r.seed * 0.618034) % 1 - 0.5) * 0.5;
      return {value: [i + jitter, r.final_train_loss, r.seed], itemStyle: {color: r.success ? '#1a9850' : '#d73027'}};
    });
    chart(box, 'strip', {
      grid: {left: 70, right: 20, top: 20, bottom: 120},
      tooltip: {renderMode: 'richText', confine: true},
      xAxis: {type: 'value', min: -1, max: points.length, interval: 1, axisLine: {onZero: false},
        axisLabel: {rotate: 40, fontSize: 9, formatter: (v) => Number.isInteger(v) && labels[v] ? labels[v] : ''}},
      yAxis: {type: 'log', name: 'final train loss', axisLine: {onZero: false}},
      series: [{type: 'scatter', symbolSize: 6, data: strip, progressive: 0}],
    }, true);

    const dims = keys.map((k, i) => ({dim: i, name: k, type: 'category',
      data: [...new Set(d.rows.map((r) => String(r[k])))]}));
    dims.push({dim: keys.length, name: 'final loss', type: 'log'});
    dims.push({dim: keys.length + 1, name: 'success', type: 'category', data: ['false', 'true']});
    const lines = d.rows.filter((r) => r.final_train_loss !== null).map((r) => ({
      value: keys.map((k) => String(r[k])).concat([r.final_train_loss, String(r.success)]),
      lineStyle: {color: r.success ? 'rgba(26,152,80,0.5)' : 'rgba(215,48,39,0.4)'}}));
    const parBox = el('div', {class: 'charts'});
    main.append(el('h2', {}, 'Parallel coordinates: swept keys to final loss and success'), parBox);
    chart(parBox, 'parallel', {
      parallel: {left: 80, right: 80, top: 40, bottom: 30},
      parallelAxis: dims,
      series: [{type: 'parallel', data: lines, lineStyle: {width: 1}, progressive: 0}],
    }, true);

    const pSel = el('select', {id: 'band-point'}, points.map((p, i) => el('option', {value: i}, labels[i])));
    const bandBox = el('div', {class: 'charts'});
    main.append(el('h2', {}, 'Loss band of a point (least, median, largest over the seeds)'),
      el('div', {class: 'controls'}, pSel), bandBox);
    let band = null;
    async function drawBand() {
      const b = await api('band', {name: name, point: pSel.value});
      if (band) { band.dispose(); charts = charts.filter((c) => c !== band); bandBox.replaceChildren(); }
      const pick = (arr) => b.epochs.map((e, i) => [e, arr[i]]).filter((p) => p[1] !== null && p[1] > 0);
      const hi = pick(b.max);
      const lo = pick(b.min);
      band = chart(bandBox, 'band', curveOption(b.seeds + ' seeds of ' + labels[+pSel.value], [
        {type: 'custom', name: 'band', silent: true, data: [0],
          renderItem: (params, a) => ({type: 'polygon', shape: {points: hi.map((p) => a.coord(p)).concat(lo.slice().reverse().map((p) => a.coord(p)))},
            style: {fill: 'rgba(59,76,192,0.18)'}})},
        {type: 'line', name: 'median', showSymbol: false, data: pick(b.median)},
        {type: 'line', name: 'largest', showSymbol: false, lineStyle: {width: 0.8}, data: hi},
        {type: 'line', name: 'least', showSymbol: false, lineStyle: {width: 0.8}, data: lo},
      ], true), true);
    }
    pSel.addEventListener('change', () => drawBand().catch(showError));
    await drawBand();

    main.append(el('h2', {}, 'Jobs'), table('jobs', ['job'].concat(keys, ['seed', 'final loss', 'success', 'epochs to target']),
      d.rows.map((r) => [link('#/run/' + encodeURIComponent('sweeps/' + d.name + '/runs/' + r.job), r.job)]
        .concat(keys.map((k) => r[k]), [r.seed, r.final_train_loss, String(r.success), r.epochs_to_target]))));
    main.append(el('h2', {}, 'sweep.yaml'), el('pre', {}, d.sweep_yaml || ''));
  }

  // ---- bench ------------------------------------------------------------------------------

  async function benchPage(main) {
    const d = await api('bench');
    const b = d.bench;
    const w = b.workloads || {};
    const us = (side) => side && side.median_seconds_per_unit != null ? side.median_seconds_per_unit * 1e6 : null;
    const names = Object.keys(w);
    main.append(el('h1', {}, 'Bench'), el('p', {class: 'muted'},
      'rounds: ' + fmt(b.rounds) + ', threads: ' + fmt(b.threads) + (b.quick ? ', quick' : '')));
    main.append(table('bench-table', ['workload', 'unit', 'DL4J median \u00b5s', 'PyTorch median \u00b5s', 'DL4J / PyTorch time'],
      names.map((k) => [w[k].title || k, w[k].unit, us(w[k].dl4j), us(w[k].pytorch), w[k].dl4j_over_pytorch_time])));
    const box = el('div', {class: 'charts'});
    main.append(box);
    chart(box, 'bench-chart', {
      title: {text: 'median time per unit (\u00b5s, log axis)', left: 'center', textStyle: {fontSize: 13}},
      legend: {top: 22},
      tooltip: {trigger: 'axis', renderMode: 'richText', confine: true},
      grid: {left: 70, right: 20, top: 55, bottom: 90},
      xAxis: {type: 'category', data: names.map((k) => w[k].title || k), axisLabel: {rotate: 15, fontSize: 9}},
      yAxis: {type: 'log'},
      series: [{name: 'DL4J', type: 'bar', data: names.map((k) => us(w[k].dl4j))},
        {name: 'PyTorch', type: 'bar', data: names.map((k) => us(w[k].pytorch))}],
    }, true);
    main.append(el('h2', {}, 'Files'), el('ul', {}, d.files.map((f) => el('li', {}, link(fileUrl('bench', f.name), f.name)))));
  }

  window.addEventListener('hashchange', route);
  window.addEventListener('resize', () => charts.forEach((c) => c.resize()));
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', route);
  else route();
})();
