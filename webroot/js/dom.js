// Small DOM helpers: element builder, toasts, a confirmation dialog.

/**
 * h('button#deploy.btn.primary', {onclick, type: 'button'}, 'Deploy') -> element. Attributes starting
 * with "on" become listeners; "dataset" and "style" objects are merged; null children are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const name = tag.match(/^[a-z0-9]*/i)[0];
  const el = document.createElement(name || 'div');
  const id = tag.match(/#([\w-]+)/);
  if (id) el.id = id[1];
  const classes = [...tag.matchAll(/\.([\w-]+)/g)].map((m) => m[1]);
  if (classes.length) el.className = classes.join(' ');
  if (attrs === null || typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs)) {
    children.unshift(attrs);
    attrs = {};
  }
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'class') el.className += (el.className ? ' ' : '') + value;
    else if (key in el && typeof value !== 'string') el[key] = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const toastRegion = () => document.getElementById('toasts');

/** A short message at the bottom right; errors stay longer. */
export function toast(message, tone = 'info', detail) {
  const el = h(`div.toast.${tone}`, { role: tone === 'danger' ? 'alert' : 'status' },
    h('div.toast-title', message), detail ? h('div.toast-detail', detail) : null,
    h('button.toast-close', { type: 'button', 'aria-label': 'Dismiss', onclick: () => el.remove() }, '×'));
  const region = toastRegion();
  region.append(el);
  while (region.children.length > 3) region.firstElementChild.remove();
  setTimeout(() => el.remove(), tone === 'danger' ? 9000 : 4000);
}

export function toastError(prefix, err) {
  toast(prefix, 'danger', err.code && err.code !== 'network' ? `${err.message} (${err.code})` : err.message);
}

/**
 * A modal confirmation; resolves false when cancelled, else {option} (the checkbox's state when an
 * option label is given). Keyboard: Esc cancels, focus starts on Cancel.
 */
export function confirmDialog({ title, message, confirmLabel = 'Confirm', danger = false, option }) {
  return new Promise((resolve) => {
    const dialog = h('dialog.dialog', { 'aria-labelledby': 'dialog-title' });
    const done = (value) => { dialog.close(); dialog.remove(); resolve(value); };
    const cancel = h('button.btn', { type: 'button', onclick: () => done(false) }, 'Cancel');
    const box = option ? h('input#dialog-option', { type: 'checkbox' }) : null;
    dialog.append(
      h('h2#dialog-title', title),
      h('p', message),
      box ? h('label.check', { for: 'dialog-option' }, box, option) : null,
      h('div.dialog-actions', cancel,
        h(`button.btn.${danger ? 'danger' : 'primary'}`, {
          type: 'button', id: 'dialog-confirm', onclick: () => done({ option: box ? box.checked : false }),
        }, confirmLabel)));
    dialog.addEventListener('cancel', (e) => { e.preventDefault(); done(false); });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

export function copyButton(text, label = 'Copy') {
  const btn = h('button.btn.small.ghost', {
    type: 'button', 'aria-label': `${label}: ${text}`,
    onclick: async () => {
      try {
        await navigator.clipboard.writeText(text);
        btn.textContent = 'Copied';
      } catch {
        btn.textContent = 'Copy failed';
      }
      setTimeout(() => { btn.textContent = label; }, 1500);
    },
  }, label);
  return btn;
}
