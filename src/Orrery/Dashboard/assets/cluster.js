// The cluster card of the fleet page: the replicas Orleans lists, their status and what each owns, as
// GET /api/v1/cluster reports them. Membership changes without a feed event (a replica dies, another joins):
// the card reads again every few seconds while the page is visible, and on every feed (re)connection.
import { api } from './api.js';
import { el, label, setText, syncRows, time } from './dom.js';

const pollInterval = 3000;

export class ClusterPanel {
  #summary; #body; #rows = new Map(); // silo -> { tr, cells }
  #pollTimer = null; #reading = false;

  mount(section) {
    this.#summary = el('p', { class: 'cluster-summary', role: 'status' });
    this.#body = el('tbody');
    section.append(this.#summary, el('table', { class: 'members', id: 'cluster-members' },
      el('caption', { class: 'visually-hidden' }, 'Cluster members with their status and what each owns, updated every few seconds'),
      el('thead', {}, el('tr', {},
        ...['Member', 'Status', 'Started', 'Shards', 'Games (active)'].map((h) => el('th', { scope: 'col' }, h)))),
      this.#body));
    this.#pollTimer = setInterval(() => {
      if (!document.hidden) this.load();
    }, pollInterval);
  }

  unmount() {
    clearInterval(this.#pollTimer);
  }

  /** Reads the cluster now (a read already running answers for this one); a failure is shown in the card, not thrown. */
  async load() {
    if (this.#reading) return;
    this.#reading = true;
    try {
      this.#render(await api('/cluster'));
    } catch (error) {
      setText(this.#summary, `Could not read the cluster: ${error.message}`);
      this.#summary.classList.add('error');
    } finally {
      this.#reading = false;
    }
  }

  #render(cluster) {
    this.#summary.classList.remove('error');
    setText(this.#summary, summary(cluster));
    // The API's order: active members first, newest first.
    syncRows(this.#body, this.#rows, cluster.members, (member) => member.silo, (member) => memberRow(member.silo), (row, member) => {
      row.tr.className = `member member-${member.status}${member.isSelf ? ' self' : ''}`;
      setText(row.address, member.address);
      setText(row.self, member.isSelf ? ' (this replica)' : '');
      setText(row.silo, `${member.silo}${member.name ? ` · ${member.name}` : ''}${member.host ? ` on ${member.host}` : ''}`);
      setText(row.status, label(member.status));
      setText(row.started, time(member.startedAt));
      setText(row.shards, String(member.shardsOwned));
      setText(row.games, `${member.gamesOwned} (${member.gamesActive})`);
    });
  }
}

function memberRow(silo) {
  const row = {
    address: el('span'), self: el('span', { class: 'self-mark' }), silo: el('span', { class: 'silo' }),
    status: el('td', { class: 'member-status' }), started: el('td'), shards: el('td', { class: 'num' }), games: el('td', { class: 'num' }),
  };
  row.tr = el('tr', { 'data-silo': silo },
    el('th', { scope: 'row' }, row.address, row.self, row.silo), row.status, row.started, row.shards, row.games);
  return row;
}

function summary(cluster) {
  const active = cluster.members.filter((m) => m.status === 'active').length;
  const mode = cluster.enabled ? `cluster ${cluster.clusterId}` : 'this node alone';
  const parts = [`${mode}: ${active} of ${cluster.members.length} ${cluster.members.length === 1 ? 'member' : 'members'} active`, `${cluster.shards} shards`];
  if (cluster.unownedShards > 0) parts.push(`${cluster.unownedShards} shards (${cluster.unownedGames} games) waiting for an owner`);
  if (cluster.warning) parts.push(cluster.warning);
  return parts.join(' · ');
}
