// The dashboard shell: sign-in with an API key when the node needs one, hash routes, and the one live feed
// that every page listens to.
import { ApiError, api, apiKey, followFeed } from './api.js';
import { FleetPage } from './fleet.js';
import { GamePage } from './game.js';
import { SpecPage, SpecsPage } from './specs.js';

const view = document.getElementById('view');
const feedState = document.getElementById('feed-state');
let caller = null;
let page = null;
let stopFeed = null;

/** Asks for confirmation in the page's dialog; resolves true when confirmed. */
function confirmAction(text) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-text').textContent = text;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true }));
}

/** The page of the address: #/games/{id}, #/specs, #/specs/{name}, else the fleet. */
function pageOf(hash) {
  const game = hash.match(/^#\/games\/([0-9a-f-]{36})$/i);
  if (game) return new GamePage(game[1], caller.role, confirmAction);
  if (hash === '#/specs') return new SpecsPage();
  const spec = hash.match(/^#\/specs\/([^/]+)$/);
  return spec ? new SpecPage(decodeURIComponent(spec[1])) : new FleetPage();
}

function route() {
  page?.unmount();
  page = pageOf(location.hash);
  page.mount(view);
  page.load().catch(showError);
  // For the benchmark and for debugging from the console: the page that receives live events.
  window.orreryPage = page;
}

function showError(error) {
  const message = document.createElement('p');
  message.className = 'error';
  message.setAttribute('role', 'alert');
  message.textContent = error instanceof ApiError ? `${error.message} (HTTP ${error.status})` : String(error);
  view.prepend(message);
}

function startFeed() {
  stopFeed?.();
  stopFeed = followFeed((type, event) => {
    // On every (re)connection the page re-reads what it shows: nothing is missed across a gap.
    if (type === 'ready') page?.load().catch(showError);
    else page?.onEvent(type, event);
  }, (text, live) => {
    feedState.textContent = text;
    feedState.classList.toggle('live', live);
  });
}

async function signIn() {
  const form = document.getElementById('sign-in');
  try {
    caller = await api('/me');
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    if (apiKey.get()) document.getElementById('key-error').textContent = 'That key was not accepted.';
    apiKey.clear();
    form.hidden = false;
    feedState.textContent = 'Signed out';
    document.getElementById('api-key').focus();
    return;
  }
  form.hidden = true;
  document.getElementById('caller').textContent = caller.keysRequired ? `${caller.name} (${caller.role})` : 'open local mode (admin)';
  document.getElementById('sign-out').hidden = !caller.keysRequired;
  route();
  startFeed();
}

document.getElementById('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  apiKey.set(event.target.key.value.trim());
  event.target.reset();
  signIn().catch(showError);
});

document.getElementById('sign-out').addEventListener('click', () => {
  apiKey.clear();
  stopFeed?.();
  location.hash = '#/';
  location.reload();
});

window.addEventListener('hashchange', () => caller && route());
signIn().catch(showError);
