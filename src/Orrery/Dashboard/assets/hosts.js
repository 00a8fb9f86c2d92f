// The engine hosts of the fleet page: each host's running engines against its capacity, and the engines' memory
// limits against the machine's memory, as GET /api/v1/engine-hosts reports them (never more than it reports).
import { api } from './api.js';
import { el, setText } from './dom.js';

// Engines start and stop between events the page sees (another client's stop, an engine dying): look again now and then.
const pollInterval = 15000;
// A burst of operations ending (a fleet starting) is one read, not one per operation.
const eventDelay = 1000;
// Statuses a game's engine stops counting in.
const goneStatuses = new Set(['engine_unreachable', 'stopped', 'finished', 'removed']);

export class HostsPanel {
  #list; #cards = new Map(); // name -> { li, title, meter, where, memory }
  #timer = null; #pollTimer = null; #reading = false; #again = false;

  mount(section) {
    this.#list = el('ul', { class: 'hosts', 'aria-label': 'Engine hosts' });
    section.append(this.#list);
    this.#pollTimer = setInterval(() => this.load().catch(() => {}), pollInterval);
  }

  unmount() {
    clearTimeout(this.#timer);
    clearInterval(this.#pollTimer);
  }

  /** Reads the hosts now; a read asked for while one runs follows it. */
  async load() {
    if (this.#reading) {
      this.#again = true;
      return;
    }
    this.#reading = true;
    try {
      for (const host of await api('/engine-hosts')) this.#render(host);
    } finally {
      this.#reading = false;
      if (this.#again) {
        this.#again = false;
        this.#refreshSoon();
      }
    }
  }

  /** Events that can change how many engines run: an operation ended, a game's engine went away, a reconcile removal. */
  onEvent(type, event) {
    const f = event.fields ?? {};
    if ((type === 'operation_changed' && (f.status === 'succeeded' || f.status === 'failed'))
      || (type === 'runtime_snapshot_update' && goneStatuses.has(f.runtime_status))
      || type === 'runtime_job_result') {
      this.#refreshSoon();
    }
  }

  #refreshSoon() {
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      this.load().catch(() => {});
    }, eventDelay);
  }

  #render(host) {
    let card = this.#cards.get(host.name);
    if (!card) {
      const title = el('h3', { id: `host-${host.name}` });
      const meter = el('meter', { min: '0', 'aria-labelledby': `host-${host.name}` });
      card = { title, meter, where: el('p', { class: 'where' }), memory: el('p', { class: 'memory' }) };
      card.li = el('li', { class: 'host', 'data-host': host.name }, title, meter, card.where, card.memory);
      this.#cards.set(host.name, card);
      this.#list.append(card.li);
    }
    card.li.classList.toggle('unreachable', !host.reachable);
    setText(card.title, `${host.name} · ${engines(host)}`);
    setText(card.where, host.where);
    setText(card.memory, host.reachable ? memory(host.memory) : host.error ?? '');
    // A meter needs a maximum: a host without a capacity has none to show.
    card.meter.hidden = !host.reachable || host.capacity === null;
    if (!card.meter.hidden) {
      Object.assign(card.meter, { max: host.capacity, value: host.running, low: host.capacity * 0.7, high: host.capacity * 0.9, optimum: 0 });
      card.meter.setAttribute('aria-valuetext', `${host.running} of ${host.capacity} engines`);
    }
  }
}

function engines(host) {
  if (!host.reachable) return 'unreachable';
  return host.capacity === null ? `${host.running} engines (no capacity set)` : `${host.running} / ${host.capacity} engines`;
}

function memory(m) {
  if (m?.totalBytes == null) return '';
  // No sum when no engine runs or one has no limit (its use is unbounded): the machine's memory alone.
  if (m.limitBytes == null) return `Machine memory: ${gib(m.totalBytes)}`;
  return `Memory limits: ${gib(m.limitBytes)} of ${gib(m.totalBytes)} (${Math.round(m.use * 100)}%)`;
}

function gib(bytes) {
  return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
}
