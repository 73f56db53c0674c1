// Sign-in: the gateway's bearer token, checked against the API before it is kept (in
// sessionStorage only, so it goes with the tab).

import { api } from '../api.js';
import { h } from '../dom.js';

export function signInView(main, { message, onSignedIn }) {
  const input = h('input#token.input', {
    type: 'password', name: 'token', autocomplete: 'current-password', required: true,
    placeholder: 'e.g. dev-token', 'aria-describedby': 'token-help',
  });
  const error = h('div#signin-error.alert.danger', { role: 'alert', hidden: !message }, message || '');
  const submit = h('button#signin-submit.btn.primary.block', { type: 'submit' }, 'Sign in');

  const form = h('form.signin-form', {
    onsubmit: async (e) => {
      e.preventDefault();
      const token = input.value.trim();
      if (!token) return;
      submit.disabled = true;
      submit.textContent = 'Checking…';
      error.hidden = true;
      try {
        await api.verify(token);
        onSignedIn(token);
      } catch (err) {
        error.textContent = err.status === 401
          ? 'That token was not accepted. Check the AUTH_TOKEN the gateway runs with.'
          : err.status === 403
            ? 'This token may only invoke functions; the dashboard needs an admin or deployer token.'
            : err.message;
        error.hidden = false;
        submit.disabled = false;
        submit.textContent = 'Sign in';
        input.select();
      }
    },
  },
  h('label.label', { for: 'token' }, 'Access token'),
  input,
  h('p#token-help.hint', 'The gateway\'s AUTH_TOKEN, or a deployer token. Kept in this tab only.'),
  error,
  submit);

  main.append(h('div.signin',
    h('div.signin-card',
      h('div.signin-brand',
        h('span.brand-mark.big', { 'aria-hidden': 'true' }, 'P'),
        h('div', h('h1', 'Sign in to Plat'), h('p.muted', 'Deploy, run and watch your functions.'))),
      form)));
  input.focus();
  return () => {};
}
