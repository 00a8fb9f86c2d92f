// The specification pages (SPEC §9): every spec with its counts and the recent deviations (#/specs), and one spec
// with its transitions, instances, learned model and deviations (#/specs/{name}).
import { api } from './api.js';
import { el, label, setText, syncRows, time } from './dom.js';

/** The built-in spec whose instance ids are game ids. */
export const gameRuntime = 'game-runtime';

// Custom specs change without a feed event (the feed carries games and operations only): read again now and then.
const pollInterval = 5000;
// A burst of game events (a fleet starting) is one read, not one per event.
const eventDelay = 1000;
// Deviations shown; each read asks only for entries newer than the last one seen, this many at a time.
const keptDeviations = 200;
const readCount = 1000;

/** Reads a page's data every few seconds while visible, and soon after a feed event that can change it. */
class Refresher {
  #load; #pollTimer = null; #timer = null;

  constructor(load) {
    this.#load = load;
  }

  start() {
    this.#pollTimer = setInterval(() => {
      if (!document.hidden) this.#load().catch(() => {});
    }, pollInterval);
  }

  stop() {
    clearInterval(this.#pollTimer);
    clearTimeout(this.#timer);
  }

  /** Game status changes and ended operations move game-runtime instances (and may make deviations). */
  onEvent(type, event) {
    const f = event.fields ?? {};
    if (type === 'runtime_snapshot_update' || type === 'game_finished'
      || (type === 'operation_changed' && (f.status === 'succeeded' || f.status === 'failed'))) {
      this.#timer ??= setTimeout(() => {
        this.#timer = null;
        this.#load().catch(() => {});
      }, eventDelay);
    }
  }
}

/** The newest entries of stream spex:deviations, newest first, read incrementally. */
class DeviationLog {
  #lastId = null; #entries = [];
  #reading = Promise.resolve();

  /** Reads overlap (the page's first load and the feed's ready event): each runs after the one before, so no entry is added twice. */
  read() {
    this.#reading = this.#reading.catch(() => {}).then(() => this.#readNew());
    return this.#reading;
  }

  async #readNew() {
    for (;;) {
      // Without a position the API starts 24 hours back.
      const query = this.#lastId ? `after=${encodeURIComponent(this.#lastId)}&count=${readCount}` : `count=${readCount}`;
      const read = await api(`/specs/deviations?${query}`);
      this.#lastId = read.lastId;
      this.#entries = [...read.entries.reverse(), ...this.#entries].slice(0, keptDeviations);
      if (read.entries.length < readCount) return this.#entries;
    }
  }
}

/** A table of deviations and transition timeouts; the spec column only where several specs are shown. */
class DeviationTable {
  #body; #empty; #withSpec;

  constructor(withSpec) {
    this.#withSpec = withSpec;
  }

  mount(caption) {
    this.#body = el('tbody');
    this.#empty = el('p', { class: 'shown', role: 'status' });
    const headings = ['Type', this.#withSpec ? 'Spec' : null, 'Instance', 'Transition', 'Trace', 'Reason', 'Time'].filter(Boolean);
    return [this.#empty, table('deviations', caption, headings, this.#body)];
  }

  render(entries) {
    setText(this.#empty, entries.length === 0 ? 'No deviations in the last 24 hours.' : `${entries.length} newest shown, newest first.`);
    this.#body.replaceChildren(...entries.map((entry) => {
      const f = entry.fields;
      const timeout = f.type === 'transition_timeout';
      return el('tr', { class: `deviation type-${f.type}`, 'data-entry-id': entry.id },
        el('th', { scope: 'row' }, label(f.type)),
        this.#withSpec ? el('td', {}, specLink(f.spec)) : null,
        el('td', {}, instanceRef(f.spec, f.instance)),
        el('td', {}, timeout ? `in ${f.state} since ${time(f.since)}, over its ${f.timeout}` : el('code', {}, `${f.from} --[${f.action}]-> ${f.to}`)),
        el('td', {}, f.trace ? el('code', {}, f.trace) : '—'),
        el('td', {}, f.reason ?? '—'),
        el('td', {}, time(f.at)));
    }));
  }
}

function specLink(name) {
  return el('a', { href: `#/specs/${encodeURIComponent(name)}` }, name);
}

/** A game-runtime instance is a game: its id links to the game's page. */
function instanceRef(spec, id) {
  const code = el('code', {}, id);
  return spec === gameRuntime ? el('a', { href: `#/games/${encodeURIComponent(id)}` }, code) : code;
}

function table(id, caption, headings, body) {
  return el('table', { id },
    el('caption', { class: 'visually-hidden' }, caption),
    el('thead', {}, el('tr', {}, ...headings.map((h) => el('th', { scope: 'col' }, h)))),
    body);
}

/** On, new steps only grow the model; off, each new step is a deviation checked against the spec. */
function learning(spec) {
  return spec.learningMode ? 'on' : 'off';
}

export class SpecsPage {
  #specs; #deviations = new DeviationTable(true); #log = new DeviationLog();
  #refresher = new Refresher(() => this.load());

  mount(view) {
    this.#specs = el('tbody');
    view.replaceChildren(
      el('h1', {}, 'Specifications'),
      el('section', { 'aria-labelledby': 'specs-title' },
        el('h2', { id: 'specs-title' }, 'Specifications'),
        table('specs', 'Registered specifications with their instances and learned models',
          ['Specification', 'Learning mode', 'Transitions', 'States', 'Instances', 'Model transitions'], this.#specs)),
      el('section', { 'aria-labelledby': 'deviations-title' },
        el('h2', { id: 'deviations-title' }, 'Recent deviations'),
        ...this.#deviations.mount('Deviations from the models and transition timeouts, newest first')),
    );
    this.#refresher.start();
  }

  unmount() {
    this.#refresher.stop();
  }

  async load() {
    const [specs, deviations] = await Promise.all([api('/specs'), this.#log.read()]);
    this.#specs.replaceChildren(...specs.map((s) => el('tr', { 'data-spec': s.name },
      el('th', { scope: 'row' }, specLink(s.name)),
      el('td', {}, learning(s)), el('td', { class: 'num' }, String(s.transitionCount)), el('td', { class: 'num' }, String(s.stateCount)),
      el('td', { class: 'num' }, String(s.instanceCount ?? 0)), el('td', { class: 'num' }, String(s.modelTransitionCount ?? 0)))));
    this.#deviations.render(deviations);
  }

  onEvent(type, event) {
    this.#refresher.onEvent(type, event);
  }
}

export class SpecPage {
  #name; #summary; #transitions; #instances; #noInstances; #model;
  #rows = new Map(); // instance id -> { tr, state, since }
  #deviations = new DeviationTable(false); #log = new DeviationLog();
  #refresher = new Refresher(() => this.load());

  constructor(name) {
    this.#name = name;
  }

  mount(view) {
    this.#summary = el('dl', { class: 'record', id: 'spec-summary' });
    this.#transitions = el('tbody');
    this.#instances = el('tbody');
    this.#noInstances = el('p', { class: 'shown', hidden: true }, 'No instances.');
    // Focusable so a long model scrolls from the keyboard too.
    this.#model = el('pre', { class: 'spex', id: 'model', tabindex: '0' });
    view.replaceChildren(
      el('p', {}, el('a', { href: '#/specs' }, '← Specifications')),
      el('h1', {}, 'Specification ', el('code', {}, this.#name)),
      el('section', { 'aria-labelledby': 'spec-title' }, el('h2', { id: 'spec-title' }, 'Summary'), this.#summary),
      el('section', { 'aria-labelledby': 'transitions-title' },
        el('h2', { id: 'transitions-title' }, 'Transitions'),
        table('transitions', 'The transitions the specification allows', ['From', 'Action', 'To'], this.#transitions)),
      el('section', { 'aria-labelledby': 'instances-title' },
        el('h2', { id: 'instances-title' }, 'Instances'),
        this.#noInstances,
        table('instances', 'Instances of the specification with their state', ['Instance', 'State', 'Since'], this.#instances)),
      el('section', { 'aria-labelledby': 'model-title' }, el('h2', { id: 'model-title' }, 'Learned model (.spex)'), this.#model),
      el('section', { 'aria-labelledby': 'deviations-title' },
        el('h2', { id: 'deviations-title' }, 'Deviations'),
        ...this.#deviations.mount(`Deviations of ${this.#name} and its transition timeouts, newest first`)),
    );
    this.#refresher.start();
  }

  unmount() {
    this.#refresher.stop();
  }

  async load() {
    const path = `/specs/${encodeURIComponent(this.#name)}`;
    const [spec, instances, model, deviations] = await Promise.all([
      api(path), api(`${path}/instances`), api(`${path}/model`, { asText: true }), this.#log.read()]);
    this.#summary.replaceChildren(...[
      ['Learning mode', learning(spec)], ['Initial state', spec.initialState], ['Terminal states', spec.terminalStates.join(', ') || '—'],
      ['Transition timeout', spec.transitionTimeout ?? '—'], ['Prune timeout', spec.pruneTimeout ?? '—'], ['Prunable states', spec.prunableStates],
    ].flatMap(([name, value]) => [el('dt', {}, name), el('dd', {}, value)]));
    this.#transitions.replaceChildren(...spec.transitions.map((t) => el('tr', {},
      el('td', {}, el('code', {}, t.from)), el('th', { scope: 'row' }, el('code', {}, t.action)), el('td', {}, el('code', {}, t.to)))));
    this.#renderInstances(instances);
    setText(this.#model, model);
    this.#deviations.render(deviations.filter((d) => d.fields.spec === this.#name));
  }

  onEvent(type, event) {
    this.#refresher.onEvent(type, event);
  }

  /** Rows are kept by id and only changed text is written: game-runtime has an instance per game, read every few seconds. */
  #renderInstances(instances) {
    syncRows(this.#instances, this.#rows, instances, (instance) => instance.id, (instance) => {
      const row = { state: el('td', { class: 'col-state' }), since: el('td') };
      row.tr = el('tr', { 'data-instance': instance.id }, el('th', { scope: 'row' }, instanceRef(this.#name, instance.id)), row.state, row.since);
      return row;
    }, (row, instance) => {
      setText(row.state, label(instance.state));
      setText(row.since, time(instance.stateChangedAt));
    });
    this.#noInstances.hidden = instances.length > 0;
  }
}

/** The state of the game's game-runtime instance, or null when Orrery has recorded none (a game never started). */
export async function gameRuntimeState(gameId) {
  try {
    return (await api(`/specs/${gameRuntime}/instances/${encodeURIComponent(gameId)}`)).state;
  } catch (error) {
    if (error.status === 404) return null;
    throw error;
  }
}
