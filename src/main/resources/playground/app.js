// The playground page (docs/PLAYGROUND.md): calls the public API from the browser. No inline script, no library.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const state = { config: null, prediction: null };

  function headers() {
    const h = { 'Content-Type': 'application/json' };
    const key = $('api-key').value.trim();
    if (key) {
      h['X-API-Key'] = key;
    }
    return h;
  }

  /** POSTs JSON; resolves to the parsed body, or rejects with the error envelope's message. */
  async function post(path, body) {
    const r = await fetch(path, { method: 'POST', headers: headers(), body: JSON.stringify(body) });
    let json = null;
    try {
      json = await r.json();
    } catch (e) {
      json = null;
    }
    if (!r.ok) {
      const message = json && json.error ? json.error.message : 'HTTP ' + r.status;
      throw new Error(message + ' (' + r.status + ')');
    }
    return json;
  }

  function show(el, text) {
    el.textContent = text;
    el.hidden = !text;
  }

  function percent(p) {
    return (p * 100).toFixed(1) + ' %';
  }

  async function loadConfig() {
    const status = $('status');
    try {
      const r = await fetch('/playground/config');
      state.config = await r.json();
    } catch (e) {
      status.textContent = 'Could not read /playground/config: ' + e.message;
      return;
    }
    const db = state.config.database;
    document.body.classList.toggle('no-db', !db);
    document.querySelectorAll('.needs-db button, .needs-db input, .needs-db textarea').forEach((el) => {
      el.disabled = !db;
    });
    status.textContent = db
      ? 'Database connected: prediction, documents, search and feedback are available.'
      : 'No database: prediction only. Documents, search and feedback need DATABASE_URL.';
    status.classList.toggle('warning', !db);
  }

  function searchPlan(p) {
    const c = state.config;
    if (!c) {
      return '';
    }
    const fusion = c.fusion;
    if (fusion) {
      const fixed = fusion.fixed && fusion.fixed[p.language];
      if (fixed) {
        return 'The learned fusion model ' + fusion.model + ' names a fixed choice for ' + p.language + ': '
          + describe(fixed) + '.';
      }
      return 'The learned fusion model ' + fusion.model + ' weighs keyword and vector evidence per query from its'
        + ' signals (this prediction included); the weights show once it searches.';
    }
    return 'For a ' + p.predictedType + ' query: ' + describe(c.policy[p.predictedType]) + '.';
  }

  function describe(choice) {
    return choice.strategy + ' (vector ' + choice.vector + ', keyword ' + choice.keyword + ')';
  }

  function renderPrediction(p) {
    $('predicted-type').textContent = p.predictedType + (p.fallback ? ' (rule-based fallback)' : '');
    $('confidence').textContent = percent(p.confidence);
    $('language').textContent = p.language;
    $('model-version').textContent = p.modelVersion;
    const body = $('probabilities');
    body.replaceChildren();
    for (const entry of p.probabilities) {
      const tr = document.createElement('tr');
      tr.dataset.type = entry.type;
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = entry.type;
      const value = document.createElement('td');
      value.className = 'value';
      value.textContent = percent(entry.probability);
      const barCell = document.createElement('td');
      const bar = document.createElement('div');
      bar.className = 'bar' + (entry.type === p.predictedType ? ' predicted' : '');
      bar.style.width = Math.max(0.5, entry.probability * 100).toFixed(1) + '%'; // CSSOM: allowed by the CSP
      bar.setAttribute('aria-hidden', 'true');
      barCell.appendChild(bar);
      tr.append(th, value, barCell);
      body.appendChild(tr);
    }
    $('search-plan').textContent = searchPlan(p);
    document.querySelectorAll('#correct button').forEach((b) => {
      b.hidden = b.dataset.type === p.predictedType;
    });
    $('correct-result').textContent = '';
    $('prediction').hidden = false;
  }

  async function predict(event) {
    event.preventDefault();
    const query = $('query').value;
    show($('predict-error'), '');
    try {
      state.prediction = await post('/api/predict-query-type', { query: query });
      renderPrediction(state.prediction);
    } catch (e) {
      show($('predict-error'), 'Prediction failed: ' + e.message);
    }
  }

  async function correct(event) {
    const type = event.target.dataset.type;
    if (!type || !state.prediction) {
      return;
    }
    const out = $('correct-result');
    try {
      const r = await post('/api/feedback', { queryId: state.prediction.queryId, correctType: type });
      out.textContent = 'Stored: "' + state.prediction.query + '" is ' + type + ' (feedback ' + r.id + ').';
    } catch (e) {
      out.textContent = 'Not stored: ' + e.message;
    }
  }

  async function addDocument(event) {
    event.preventDefault();
    const out = $('document-result');
    const doc = { id: $('doc-id').value.trim(), content: $('doc-content').value };
    if ($('doc-title').value.trim()) {
      doc.title = $('doc-title').value.trim();
    }
    try {
      await post('/api/documents', doc);
      out.textContent = 'Stored document ' + doc.id + '.';
      $('doc-id').value = '';
      $('doc-title').value = '';
      $('doc-content').value = '';
      $('doc-id').focus();
    } catch (e) {
      out.textContent = 'Not stored: ' + e.message;
    }
  }

  const COLUMNS = [
    { id: 'col-keyword', strategy: 'keyword' },
    { id: 'col-vector', strategy: 'vector' },
    { id: 'col-adaptive', strategy: null }
  ];

  async function searchAll() {
    const query = $('query').value;
    show($('search-error'), '');
    $('click-result').textContent = '';
    const answers = await Promise.allSettled(COLUMNS.map((c) => {
      const body = { query: query, limit: 5 };
      if (c.strategy) {
        body.strategy = c.strategy;
      }
      return post('/api/search', body);
    }));
    const errors = [];
    answers.forEach((a, i) => {
      const column = $(COLUMNS[i].id);
      if (a.status === 'fulfilled') {
        renderColumn(column, a.value);
      } else {
        column.querySelector('ol').replaceChildren();
        column.querySelector('.meta').textContent = 'failed';
        errors.push(a.reason.message);
      }
    });
    show($('search-error'), errors.length ? 'Search failed: ' + errors[0] : '');
  }

  function renderColumn(column, answer) {
    const weights = Object.entries(answer.weights || {}).map(([k, v]) => k + ' ' + v).join(', ');
    column.dataset.queryId = answer.queryId;
    column.querySelector('.meta').textContent = answer.strategy + (weights ? ' (' + weights + ')' : '') + ', '
      + answer.results.length + ' results, ' + answer.timings.totalMs + ' ms';
    const list = column.querySelector('ol');
    list.replaceChildren();
    if (answer.results.length === 0) {
      const li = document.createElement('li');
      li.className = 'empty';
      li.textContent = 'Nothing found.';
      list.appendChild(li);
      return;
    }
    answer.results.forEach((r, i) => {
      const li = document.createElement('li');
      li.dataset.id = r.id;
      const title = document.createElement('strong');
      title.textContent = r.title || r.id;
      const meta = document.createElement('span');
      meta.className = 'meta';
      meta.textContent = ' ' + r.id + ' · score ' + r.score.toFixed(3);
      const content = document.createElement('p');
      content.textContent = r.content.length > 160 ? r.content.slice(0, 160) + '…' : r.content;
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'relevant';
      button.textContent = 'Relevant';
      button.setAttribute('aria-label', 'Mark ' + (r.title || r.id) + ' relevant (rank ' + (i + 1) + ', '
        + column.querySelector('h3').textContent + ')');
      button.addEventListener('click', () => markRelevant(answer.queryId, r.id, i + 1, button));
      li.append(title, meta, content, button);
      list.appendChild(li);
    });
  }

  async function markRelevant(queryId, id, rank, button) {
    const out = $('click-result');
    try {
      const r = await post('/api/feedback', { queryId: queryId, clickedResultId: id, clickedRank: rank });
      out.textContent = 'Stored: ' + id + ' is relevant (rank ' + rank + ', feedback ' + r.id + ').';
      button.textContent = 'Marked relevant';
      button.disabled = true;
    } catch (e) {
      out.textContent = 'Not stored: ' + e.message;
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('predict-form').addEventListener('submit', predict);
    $('correct').addEventListener('click', correct);
    $('document-form').addEventListener('submit', addDocument);
    $('search').addEventListener('click', searchAll);
    loadConfig();
    $('query').focus();
  });
}());
