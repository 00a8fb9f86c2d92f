// The game page's live card: who follows the game's live session now (GET /games/{id}/live/presence).
import { api } from './api.js';
import { el, setText } from './dom.js';

const refreshMs = 5000;

export class LivePresenceCard {
  #gameId; #summary; #list; #timer;

  constructor(gameId) {
    this.#gameId = gameId;
  }

  mount() {
    this.#summary = el('p', { id: 'live-summary' }, '—');
    this.#list = el('ul', { id: 'live-players' });
    this.#timer = setInterval(() => this.load().catch(() => {}), refreshMs);
    return el('section', { 'aria-labelledby': 'live-title' }, el('h2', { id: 'live-title' }, 'Live session'), this.#summary, this.#list);
  }

  unmount() {
    clearInterval(this.#timer);
  }

  async load() {
    const p = await api(`/games/${this.#gameId}/live/presence`);
    setText(this.#summary, p.running
      ? `${p.connections} connection${p.connections === 1 ? '' : 's'}: ${p.players.length} player${p.players.length === 1 ? '' : 's'} online, ${p.spectators} spectator${p.spectators === 1 ? '' : 's'}`
      : 'No live session (nobody connected).');
    this.#list.replaceChildren(...p.players.map((x) => el('li', { 'data-user': x.userId }, `${x.raceName} (${x.connections})`)));
  }
}
