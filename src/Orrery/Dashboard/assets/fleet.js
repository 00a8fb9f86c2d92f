// The fleet page: games by status, the cluster, the engine hosts, and a table of every game that updates in place from the live feed.
import { all, api } from './api.js';
import { statusBars } from './charts.js';
import { el, frameBatcher, label, setText, statuses, time } from './dom.js';
import { ClusterPanel } from './cluster.js';
import { HostsPanel } from './hosts.js';

const columns = ['status', 'health', 'turn', 'next', 'version', 'paused'];
// More games than this waiting for their next turn time: one list read instead of one read per game.
const bulkRefreshThreshold = 25;
const bulkRefreshInterval = 5000;
// A registered game that never started has no runtime record.
const notStarted = 'not_started';

export class FleetPage {
  #rows = new Map(); // gameId -> { game, tr, cells, dirty }
  #dirty = new Set();
  #refetch = new Set();
  #refetchTimer = null;
  #lastBulkRead = -Infinity;
  #filterChanged = false;
  #summaryChanged = true;
  #flush = frameBatcher(() => this.#render());
  #hosts = new HostsPanel();
  #cluster = new ClusterPanel();
  #body; #summary; #chart; #status; #search; #shown;

  mount(view) {
    this.#status = el('select', { id: 'filter-status', onchange: () => this.#refilter() },
      el('option', { value: '' }, 'All'), ...[...statuses, notStarted].map((s) => el('option', { value: s }, label(s))));
    this.#search = el('input', { id: 'filter-search', type: 'search', placeholder: 'game id, race or version', oninput: () => this.#refilter() });
    this.#summary = el('ul', { class: 'counts', 'aria-label': 'Games by status' });
    this.#chart = el('div', { class: 'chart-box' });
    this.#shown = el('p', { class: 'shown', 'aria-live': 'polite' });
    this.#body = el('tbody');
    const hosts = el('section', { class: 'engine-hosts', 'aria-labelledby': 'hosts-title' }, el('h2', { id: 'hosts-title' }, 'Engine hosts'));
    this.#hosts.mount(hosts);
    const cluster = el('section', { class: 'cluster', 'aria-labelledby': 'cluster-title' }, el('h2', { id: 'cluster-title' }, 'Cluster'));
    this.#cluster.mount(cluster);
    view.replaceChildren(
      el('h1', {}, 'Fleet'),
      el('section', { class: 'summary', 'aria-labelledby': 'summary-title' },
        el('h2', { id: 'summary-title' }, 'Games by status'), this.#summary, this.#chart),
      cluster,
      hosts,
      el('section', { 'aria-labelledby': 'games-title' },
        el('h2', { id: 'games-title' }, 'Games'),
        el('form', { class: 'filters', role: 'search', onsubmit: (e) => e.preventDefault() },
          el('label', { for: 'filter-status' }, 'Status'), this.#status,
          el('label', { for: 'filter-search' }, 'Search'), this.#search),
        this.#shown,
        el('table', { class: 'games', id: 'games' },
          el('caption', { class: 'visually-hidden' }, 'Games with their runtime, updated live'),
          el('thead', {}, el('tr', {},
            ...['Game', 'Status', 'Health', 'Turn', 'Next turn', 'Engine version', 'Paused'].map((h) => el('th', { scope: 'col' }, h)))),
          this.#body)),
    );
  }

  unmount() {
    clearTimeout(this.#refetchTimer);
    this.#hosts.unmount();
    this.#cluster.unmount();
  }

  /** Loads every game, the cluster and the hosts (on each feed connection, so a gap while disconnected is closed). */
  async load() {
    await Promise.all([this.#loadGames(), this.#hosts.load(), this.#cluster.load()]);
  }

  async #loadGames() {
    const games = await all('/games');
    for (const game of games) this.#upsert(game);
    this.#flush();
  }

  /** Applies one live event; the DOM is written on the next animation frame. */
  onEvent(type, event) {
    this.#hosts.onEvent(type, event);
    const f = event.fields;
    const row = f && this.#rows.get(f.game_id);
    switch (type) {
      case 'runtime_snapshot_update': {
        if (!row) return this.#scheduleRefetch(f.game_id);
        const turn = Number(f.current_turn);
        if (turn < row.runtime.currentTurn) return; // an older update replayed: turns never go back
        if (turn > row.runtime.currentTurn) this.#scheduleRefetch(f.game_id); // the next turn time moved
        Object.assign(row.runtime, { status: f.runtime_status, currentTurn: turn, engineHealth: f.engine_health_summary });
        return this.#touch(row);
      }
      case 'game_paused':
        if (!row) return;
        row.runtime.paused = true;
        return this.#touch(row);
      case 'game_finished':
        if (!row) return;
        row.runtime.status = 'finished';
        return this.#touch(row);
      case 'operation_changed':
        // Whatever an operation changed (resume, stop, patch...), the record says it best.
        if (f.status === 'succeeded' || f.status === 'failed') this.#scheduleRefetch(f.game_id);
        return undefined;
      default:
        return undefined;
    }
  }

  #upsert(game) {
    let row = this.#rows.get(game.gameId);
    if (!row) {
      const cells = Object.fromEntries(columns.map((c) => [c, el('td', { class: `col-${c}` })]));
      const link = el('a', { href: `#/games/${game.gameId}` }, game.gameId.slice(0, 8));
      const tr = el('tr', { 'data-game-id': game.gameId },
        el('th', { scope: 'row' }, link, el('span', { class: 'races' }, game.memberships.map((m) => m.raceName).join(', '))),
        ...columns.map((c) => cells[c]));
      row = { tr, cells, game, runtime: {} };
      this.#rows.set(game.gameId, row);
      this.#summaryChanged = true;
    }
    row.game = game;
    row.runtime = { ...(game.runtime ?? { status: null, currentTurn: 0, paused: false }) };
    row.search = [game.gameId, game.targetEngineVersion, game.runtime?.engineVersion, ...game.memberships.map((m) => m.raceName)]
      .join(' ').toLowerCase();
    this.#touch(row);
  }

  #touch(row) {
    this.#dirty.add(row);
    this.#flush();
  }

  #refilter() {
    this.#filterChanged = true;
    this.#flush();
  }

  #scheduleRefetch(gameId) {
    this.#refetch.add(gameId);
    this.#refetchTimer ??= setTimeout(() => this.#refetchNow(), 500);
  }

  async #refetchNow() {
    const bulk = this.#refetch.size > bulkRefreshThreshold;
    const wait = this.#lastBulkRead + bulkRefreshInterval - performance.now();
    if (bulk && wait > 0) {
      // A busy fleet (turns everywhere) is re-read at most every few seconds, not twice a second.
      this.#refetchTimer = setTimeout(() => this.#refetchNow(), wait);
      return;
    }
    const ids = [...this.#refetch];
    this.#refetch.clear();
    try {
      if (bulk) {
        this.#lastBulkRead = performance.now();
        await this.#loadGames();
      } else {
        const games = await Promise.all(ids.map((id) => api(`/games/${id}`).catch(() => null)));
        games.filter(Boolean).forEach((g) => this.#upsert(g));
      }
    } finally {
      this.#refetchTimer = this.#refetch.size > 0 ? setTimeout(() => this.#refetchNow(), 500) : null;
    }
  }

  /** One batch of DOM writes per frame: only rows that changed, then filters and counts. */
  #render() {
    const added = document.createDocumentFragment();
    for (const row of this.#dirty) {
      const r = row.runtime;
      setText(row.cells.status, label(r.status));
      row.cells.status.className = `col-status status-${r.status ?? 'none'}`;
      setText(row.cells.health, r.engineHealth || '—');
      setText(row.cells.turn, String(r.currentTurn ?? 0));
      setText(row.cells.next, time(r.nextTurnAt));
      setText(row.cells.version, r.engineVersion ?? row.game.targetEngineVersion);
      setText(row.cells.paused, r.paused ? 'paused' : 'no');
      if (!row.tr.isConnected) added.append(row.tr);
      if (!this.#filterChanged) row.tr.hidden = !this.#matches(row);
      this.#summaryChanged = true;
    }
    this.#dirty.clear();
    if (added.childNodes.length > 0) this.#body.append(added);
    if (this.#filterChanged) {
      this.#filterChanged = false;
      for (const row of this.#rows.values()) row.tr.hidden = !this.#matches(row);
    }
    if (this.#summaryChanged) {
      this.#summaryChanged = false;
      this.#renderSummary();
    }
  }

  #matches(row) {
    const status = this.#status.value;
    const search = this.#search.value.trim().toLowerCase();
    return (!status || (row.runtime.status ?? notStarted) === status) && (!search || row.search.includes(search));
  }

  #renderSummary() {
    const counts = {};
    let shown = 0;
    for (const row of this.#rows.values()) {
      const status = row.runtime.status ?? notStarted;
      counts[status] = (counts[status] ?? 0) + 1;
      if (!row.tr.hidden) shown++;
    }
    this.#summary.replaceChildren(...Object.entries(counts).map(([s, n]) =>
      el('li', { class: `count status-${s}`, 'data-status': s }, el('span', { class: 'n' }, String(n)), ' ', label(s))));
    this.#chart.replaceChildren(statusBars(counts));
    setText(this.#shown, `${shown} of ${this.#rows.size} games shown`);
  }
}
