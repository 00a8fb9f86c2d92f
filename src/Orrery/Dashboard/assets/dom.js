// Small DOM and formatting helpers shared by the pages.

/** Creates an element: el('td', { class: 'x' }, 'text', childNode). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

export const statuses = [
  'starting', 'running', 'generation_in_progress', 'generation_failed', 'engine_unreachable', 'stopped', 'finished', 'removed',
];

export function label(status) {
  return status ? status.replaceAll('_', ' ') : 'not started';
}

export function time(value) {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '—' : date.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

/** Sets text only when it changed: writes that change nothing still cost layout at 1,000 rows. */
export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/**
 * Keeps one row per key in body, in the order of items: a row ({ tr, ... }) is made by create(item) the first time
 * its key is seen and kept in rows (the caller's Map), update(row, item) writes it, and rows of keys gone are removed.
 */
export function syncRows(body, rows, items, keyOf, create, update) {
  const seen = new Set();
  items.forEach((item, index) => {
    const key = keyOf(item);
    seen.add(key);
    let row = rows.get(key);
    if (!row) {
      row = create(item);
      rows.set(key, row);
    }
    update(row, item);
    if (body.children[index] !== row.tr) body.insertBefore(row.tr, body.children[index] ?? null);
  });
  for (const [key, row] of rows) {
    if (seen.has(key)) continue;
    row.tr.remove();
    rows.delete(key);
  }
}

/** Runs fn once per animation frame however often it is asked for: DOM writes are batched. */
export function frameBatcher(fn) {
  let scheduled = false;
  return () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      fn();
    });
  };
}
