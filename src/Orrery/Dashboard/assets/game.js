// A game's page: runtime record, admin actions, operations (live), players, and planets/population over turns.
import { ApiError, all, api } from './api.js';
import { lineChart } from './charts.js';
import { el, frameBatcher, label, setText, time } from './dom.js';
import { LivePresenceCard } from './presence.js';
import { gameRuntime, gameRuntimeState } from './specs.js';

// Which role each action needs (SPEC §11); the server enforces the same. Which ones the game's status admits comes
// from the node with the game (availableOperations), decided by the lifecycle's own rules: no copy of them here.
const actions = [
  { op: 'start', role: 'lobby', text: 'Start' },
  { op: 'stop', role: 'lobby', text: 'Stop' },
  { op: 'pause', role: 'lobby', text: 'Pause' },
  { op: 'resume', role: 'lobby', text: 'Resume' },
  { op: 'restart', role: 'admin', text: 'Restart' },
  { op: 'patch', role: 'admin', text: 'Patch' },
  { op: 'force-next-turn', role: 'admin', text: 'Force next turn' },
];
const rank = { viewer: 0, lobby: 1, admin: 2 };
const recordFields = [
  ['status', 'Status', (r) => label(r.status)], ['engineHealth', 'Health'], ['currentTurn', 'Current turn'],
  ['paused', 'Paused', (r) => (r.paused ? 'paused' : 'no')], ['nextTurnAt', 'Next turn', (r) => time(r.nextTurnAt)],
  ['turnSchedule', 'Turn schedule'], ['engineVersion', 'Engine version'], ['imageRef', 'Image'], ['engineId', 'Engine id'],
  ['engineEndpoint', 'Engine endpoint'], ['network', 'Network'], ['startedAt', 'Started', (r) => time(r.startedAt)],
  ['lastObservedAt', 'Last observed', (r) => time(r.lastObservedAt)],
  // The details (exit code, probe error, health check output) beside the event, as the producer sent them.
  ['lastHealthEvent', 'Last health event', (r) => r.lastHealthEvent
    && [r.lastHealthEvent, r.lastHealthEventDetails && JSON.stringify(r.lastHealthEventDetails)].filter(Boolean).join(' ')],
  ['statusChangedAt', 'Status changed', (r) => time(r.statusChangedAt)], ['version', 'Record version'],
];

export class GamePage {
  #gameId; #role; #confirm; #version;
  #record; #operations; #players; #charts; #progress; #actions; #live;
  #renderRecord = frameBatcher(() => this.#loadGame());
  #reloadOperations = frameBatcher(() => this.#loadOperations());
  #reloadSnapshots = frameBatcher(() => this.#loadSnapshots());

  constructor(gameId, role, confirm) {
    this.#gameId = gameId;
    this.#role = role;
    this.#confirm = confirm;
  }

  mount(view) {
    this.#record = el('dl', { class: 'record', id: 'record' });
    this.#progress = el('p', { class: 'progress', id: 'progress', role: 'status', 'aria-live': 'polite' });
    this.#actions = el('div', { class: 'actions', id: 'actions' });
    this.#version = el('select', { id: 'patch-version' });
    this.#operations = el('tbody');
    this.#players = el('tbody');
    this.#charts = el('div', { class: 'charts', id: 'charts' });
    this.#live = new LivePresenceCard(this.#gameId);
    view.replaceChildren(
      el('p', {}, el('a', { href: '#/' }, '← Fleet')),
      el('h1', {}, 'Game ', el('code', {}, this.#gameId)),
      el('section', { 'aria-labelledby': 'runtime-title' }, el('h2', { id: 'runtime-title' }, 'Runtime'), this.#record),
      rank[this.#role] >= rank.lobby
        ? el('section', { 'aria-labelledby': 'actions-title' }, el('h2', { id: 'actions-title' }, 'Actions'), this.#actions, this.#progress)
        : null,
      this.#live.mount(),
      el('section', { 'aria-labelledby': 'ops-title' }, el('h2', { id: 'ops-title' }, 'Operations'),
        el('table', { id: 'operations' },
          el('thead', {}, el('tr', {}, ...['Operation', 'Status', 'Source', 'Created', 'Finished', 'Error'].map((h) => el('th', { scope: 'col' }, h)))),
          this.#operations)),
      el('section', { 'aria-labelledby': 'players-title' }, el('h2', { id: 'players-title' }, 'Players'),
        el('table', { id: 'players' },
          el('thead', {}, el('tr', {}, ...['Race', 'User id', 'Engine player id', 'Planets', 'Population'].map((h) => el('th', { scope: 'col' }, h)))),
          this.#players)),
      el('section', { 'aria-labelledby': 'snapshots-title' }, el('h2', { id: 'snapshots-title' }, 'Planets and population over turns'), this.#charts),
    );
    if (rank[this.#role] >= rank.admin) {
      api('/engine-versions').then((versions) => this.#version.replaceChildren(
        ...(versions.items ?? versions).map((v) => el('option', { value: v.version }, v.version + (v.deprecated ? ' (deprecated)' : ''))))).catch(() => {});
    }
  }

  unmount() {
    this.#live.unmount();
  }

  async load() {
    await Promise.all([this.#loadGame(), this.#loadOperations(), this.#loadSnapshots(), this.#live.load().catch(() => {})]);
  }

  onEvent(type, event) {
    if (event.fields?.game_id !== this.#gameId) return;
    this.#renderRecord();
    if (type === 'operation_changed') this.#reloadOperations();
    if (type === 'runtime_snapshot_update') this.#reloadSnapshots();
  }

  async #loadGame() {
    const [game, lifecycle] = await Promise.all([api(`/games/${this.#gameId}`), gameRuntimeState(this.#gameId).catch(() => undefined)]);
    const runtime = game.runtime ?? { status: null };
    this.#record.replaceChildren(...recordFields.flatMap(([key, name, format]) => [
      el('dt', {}, name), el('dd', { 'data-field': key }, String((format ? format(runtime) : runtime[key]) ?? '—')),
    ]),
    // What the spec check saw (it follows the record within moments); undefined when it could not be read.
    el('dt', {}, el('a', { href: `#/specs/${gameRuntime}` }, 'Lifecycle state (spec)')),
    el('dd', { 'data-field': 'lifecycle' }, lifecycle === undefined ? '—' : label(lifecycle)));
    this.#memberships = game.memberships;
    this.#renderActions(game.availableOperations ?? [], runtime.status);
  }

  #memberships = [];

  async #loadOperations() {
    const page = await api(`/games/${this.#gameId}/operations?pageSize=50`);
    this.#operations.replaceChildren(...page.items.map((o) => el('tr', { 'data-operation-id': o.operationId },
      el('th', { scope: 'row' }, o.op + (o.targetVersion ? ` → ${o.targetVersion}` : '')),
      el('td', { class: `op-${o.status}` }, o.status), el('td', {}, o.source), el('td', {}, time(o.createdAt)),
      el('td', {}, time(o.finishedAt)), el('td', {}, o.errorCode ? `${o.errorCode}: ${o.errorMessage}` : ''))));
  }

  /** Snapshots hold what the engine reported each turn: a line per race for planets and for population. */
  async #loadSnapshots() {
    const snapshots = (await all(`/games/${this.#gameId}/snapshots`)).sort((a, b) => a.turn - b.turn);
    const byRace = new Map();
    for (const snapshot of snapshots) {
      for (const p of snapshot.state?.players ?? []) {
        const race = byRace.get(p.raceName) ?? { id: p.id, planets: [], population: [] };
        race.id = p.id;
        race.planets.push([snapshot.turn, p.planets]);
        race.population.push([snapshot.turn, p.population]);
        byRace.set(p.raceName, race);
      }
    }
    const series = (key) => [...byRace].map(([name, r]) => ({ name, points: r[key] }));
    this.#charts.replaceChildren(...(snapshots.length === 0 ? [el('p', {}, 'No snapshots yet.')] : [
      el('figure', {}, ...lineChart('Planets', series('planets')), el('figcaption', {}, 'Planets per race')),
      el('figure', {}, ...lineChart('Population', series('population')), el('figcaption', {}, 'Population per race')),
    ]));
    const memberships = this.#memberships.length > 0 ? this.#memberships : (await api(`/games/${this.#gameId}`)).memberships;
    this.#players.replaceChildren(...memberships.map((m) => {
      const race = byRace.get(m.raceName);
      return el('tr', {}, el('th', { scope: 'row' }, m.raceName), el('td', {}, el('code', {}, m.userId)),
        el('td', {}, race ? el('code', {}, race.id) : '—'),
        el('td', {}, String(race?.planets.at(-1)?.[1] ?? '—')), el('td', {}, String(race?.population.at(-1)?.[1] ?? '—')));
    }));
  }

  #renderActions(available, status) {
    const offered = actions.filter((a) => rank[this.#role] >= rank[a.role] && available.includes(a.op.replaceAll('-', '_')));
    this.#actions.replaceChildren(...offered.flatMap((a) => {
      const button = el('button', { type: 'button', 'data-op': a.op, class: a.role === 'admin' ? 'admin' : '', onclick: () => this.#run(a, this.#version.value) }, a.text);
      return a.op === 'patch' ? [el('span', { class: 'patch' }, el('label', { for: 'patch-version' }, 'to version'), this.#version, button)] : [button];
    }));
    if (offered.length === 0) {
      this.#actions.replaceChildren(el('p', { class: 'none' }, `No action applies to a game that is ${label(status)}.`));
    }
  }

  async #run(action, version) {
    const what = action.op === 'patch' ? `patch game ${this.#gameId} to ${version}` : `${action.text.toLowerCase()} game ${this.#gameId}`;
    if (!(await this.#confirm(`Really ${what}?`))) return;
    setText(this.#progress, `${action.text}: requested…`);
    try {
      let operation = await api(`/games/${this.#gameId}/${action.op}`, { method: 'POST', body: action.op === 'patch' ? { version } : undefined });
      this.#reloadOperations();
      // Queued operations answer 202 at once: follow the operation until it ends.
      while (operation.status === 'queued' || operation.status === 'running') {
        setText(this.#progress, `${action.text}: ${operation.status}…`);
        await new Promise((resolve) => setTimeout(resolve, 500));
        operation = await api(`/operations/${operation.operationId}`);
      }
      setText(this.#progress, `${action.text}: ${operation.status}${operation.errorCode ? ` (${operation.errorCode}: ${operation.errorMessage})` : ''}`);
    } catch (error) {
      setText(this.#progress, `${action.text} refused: ${error instanceof ApiError ? error.message : error}`);
    }
    this.#renderRecord();
    this.#reloadOperations();
  }
}
