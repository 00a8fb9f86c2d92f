// The player's page (/play/{gameId}?token=...): follows the game's live session (docs/live-sessions.md) and
// reconnects by itself, resuming from the last message seen so no turn is missed.
import { el, label, setText, time } from './dom.js';

const subProtocol = 'orrery.live.v1';
const gameId = location.pathname.split('/').filter(Boolean).at(-1);
const token = new URLSearchParams(location.search).get('token');
// The token stays out of the address bar (and so out of the history and any shared link) once read.
history.replaceState(null, '', location.pathname);

const state = { session: null, lastSeq: 0, online: new Map(), standings: [], nextTurnAt: null, attempts: 0 };
const $ = (id) => document.getElementById(id);

function liveUrl(withToken) {
  const url = new URL(`/api/v1/games/${gameId}/live`, location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  if (withToken) url.searchParams.set('access_token', token);
  if (state.session) {
    url.searchParams.set('session', state.session);
    url.searchParams.set('lastSeq', String(state.lastSeq));
  }
  return url;
}

function connect() {
  setText($('live-state'), state.attempts === 0 ? 'Connecting…' : 'Reconnecting…');
  $('live-state').classList.remove('live');
  // The token travels as a subprotocol, not in the URL the server may log.
  const socket = new WebSocket(liveUrl(false), [subProtocol, token]);
  let opened = false;
  socket.onopen = () => {
    opened = true;
    state.attempts = 0;
    setText($('live-state'), 'Live');
    $('live-state').classList.add('live');
  };
  socket.onmessage = (event) => handle(JSON.parse(event.data));
  socket.onclose = async (event) => {
    $('live-state').classList.remove('live');
    if (event.code === 1000 || event.code === 1008) {
      setText($('live-state'), event.code === 1000 ? 'Session ended' : 'Disconnected');
      return;
    }
    if (!opened && (await refused())) return;
    // 1001 node stopping, 1012 session moved, 1013 fell behind, or a dropped connection: resume.
    state.attempts++;
    setTimeout(connect, Math.min(10_000, 500 * 2 ** Math.min(state.attempts, 5)));
  };
}

/** A WebSocket hides why it was refused: ask the same route as plain HTTP for its problem+json. */
async function refused() {
  try {
    const response = await fetch(liveUrl(true), { headers: { Accept: 'application/json' } });
    if (response.status === 401 || response.status === 403 || response.status === 404) {
      const problem = await response.json().catch(() => ({}));
      const refusal = $('refusal');
      refusal.hidden = false;
      setText(refusal, `Cannot follow this game: ${problem.detail ?? response.statusText} (${problem.code ?? response.status})`);
      setText($('live-state'), 'Refused');
      return true;
    }
  } catch {
    // The node is unreachable: keep trying.
  }
  return false;
}

function handle(message) {
  state.lastSeq = Math.max(state.lastSeq, message.seq);
  switch (message.type) {
    case 'welcome':
      state.session = message.session;
      state.standings = message.standings;
      setPresence(message.presence);
      setStatus(message.status);
      setText($('title'), `Game ${message.gameId}`);
      break;
    case 'turn_result':
      state.standings = message.standings;
      state.nextTurnAt = message.nextTurnAt;
      setText($('turn'), String(message.turn));
      $('turns').prepend(el('li', { 'data-turn': message.turn },
        `Turn ${message.turn} at ${time(new Date())}${message.finished ? ': the game is over' : ''}`));
      break;
    case 'status':
      setStatus(message);
      break;
    case 'presence':
      setPresence(message);
      break;
    case 'finished':
      setText($('status'), `over (${message.reason}) at turn ${message.turn}`);
      state.nextTurnAt = null;
      break;
  }
  renderStandings();
}

function setStatus(status) {
  setText($('status'), label(status.runtimeStatus) + (status.paused ? ' (paused)' : ''));
  setText($('turn'), String(status.currentTurn));
  state.nextTurnAt = status.paused ? null : status.nextTurnAt;
}

function setPresence(presence) {
  state.online = new Map(presence.players.map((p) => [p.userId, p]));
  const names = presence.players.map((p) => p.raceName).sort();
  const spectators = presence.spectators ? ` and ${presence.spectators} spectator${presence.spectators === 1 ? '' : 's'}` : '';
  setText($('online'), (names.length ? names.join(', ') : 'Nobody') + spectators);
}

function renderStandings() {
  const rows = [...state.standings].sort((a, b) => b.planets - a.planets || b.population - a.population);
  $('standings').tBodies[0].replaceChildren(...rows.map((s) => el('tr', { 'data-user': s.userId },
    el('th', { scope: 'row' }, s.raceName), el('td', {}, String(s.planets)), el('td', {}, String(s.population)),
    el('td', {}, String(s.maxPlanets)), el('td', {}, state.online.has(s.userId) ? 'online' : ''))));
}

function tick() {
  if (!state.nextTurnAt) {
    setText($('countdown'), '—');
    setText($('next-at'), '');
    return;
  }
  const seconds = Math.max(0, Math.round((new Date(state.nextTurnAt) - Date.now()) / 1000));
  setText($('countdown'), seconds >= 3600 ? `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`
    : seconds >= 60 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${seconds} s`);
  setText($('next-at'), `(${time(state.nextTurnAt)})`);
}

if (!token) {
  $('refusal').hidden = false;
  setText($('refusal'), 'This page needs the token the game gave you: /play/<game>?token=...');
  setText($('live-state'), 'No token');
} else {
  connect();
  setInterval(tick, 1000);
}
