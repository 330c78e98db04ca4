// The assistant and seller desks: one live view per page over Server-Sent Events. Every text from a call or the
// config goes in with textContent, never as HTML.
'use strict';

const role = document.body.dataset.role;
const extension = decodeURIComponent(location.pathname.split('/').pop());
const api = '/desk/api/' + role + '/' + encodeURIComponent(extension);
const $ = (id) => document.getElementById(id);
let view = null;
let skew = 0;            // browser clock minus server clock, ms
let shownCall = null;    // the linkedId whose fields are on screen

$('extension').textContent = extension;

function text(id, value) {
  const element = $(id);
  if (element) element.textContent = value == null ? '' : String(value);
}

function clock(ms) {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m + ':' + (s < 10 ? '0' : '') + s;
}

function tick() {
  if (view && view.call) text('wait', clock(Date.now() - skew - view.call.t0Millis));
  if (view && view.callback) text('cb-since', clock(Date.now() - skew - view.callback.hungUpMillis));
}

// a callback's state as the seller lives it (CallbackView.State)
const CALLBACK_STATES = {
  RINGING: 'ringing you',
  WHISPER: 'you answered: press the accept key to call them',
  CALLING_CALLER: 'calling the caller',
  TALKING: 'talking',
  MISSED: 'you did not answer',
  DECLINED: 'you declined',
  CALLER_NO_ANSWER: 'caller did not answer',
  ENDED: 'ended',
};
const CALLBACK_PILLS = {
  RINGING: 'ringing', WHISPER: 'answered', CALLING_CALLER: 'answered', TALKING: 'connected',
};

function seconds(ms) {
  return Math.round(ms / 1000) + ' s';
}

function renderCallback(callback) {
  const state = $('state');
  state.className = 'state ' + (CALLBACK_PILLS[callback.state] || 'idle');
  state.textContent = 'callback: ' + CALLBACK_STATES[callback.state];
  const who = callback.callerName && callback.callerName !== 'unknown' ? callback.callerName : callback.number;
  const why = callback.origin === 'offered'
    ? 'asked to be called back (offer key) after waiting ' + seconds(callback.waitedMillis)
    : (callback.origin === 'abandoned' ? 'hung up after waiting ' : 'waited ') + seconds(callback.waitedMillis);
  text('cb-pop', 'Callback: ' + (who === callback.number ? who : who + ' (' + callback.number + ')') + ' '
    + why + ' on the ' + callback.line + ' line. Attempt ' + callback.attempt + ' of ' + callback.maxAttempts + '.');
  text('cb-caller-name', who);
  text('cb-number', callback.number);
  let now = CALLBACK_STATES[callback.state];
  if ((callback.state === 'CALLER_NO_ANSWER' || callback.state === 'ENDED') && callback.detail) {
    now += ' (' + callback.detail.replace('caller_', '').replace(/_/g, ' ') + ')';
  }
  text('cb-state', now + ' since ' + new Date(callback.stateMillis).toLocaleTimeString());
  text('cb-why', why);
  text('cb-line', callback.line);
  text('cb-hung-up', new Date(callback.hungUpMillis).toLocaleString());
  text('cb-attempt', callback.attempt + ' of ' + callback.maxAttempts);
  text('cb-repeat', callback.origin === '' ? 'not known on this server' : repeatText(callback));
}

function repeatText(call) {
  if (!call.repeat) return 'no';
  let result = 'yes';
  if (call.lastSeller) result += ', last seller ' + call.lastSeller;
  if (call.lastCallAt) result += ', ' + new Date(call.lastCallAt).toLocaleString();
  return result;
}

function render(next) {
  view = next;
  skew = Date.now() - next.serverNow;
  const call = next.call;
  const state = $('state');
  state.className = 'state ' + (call ? call.state.toLowerCase() : 'idle');
  state.textContent = call ? call.state.toLowerCase() : 'no call';
  $('call').classList.toggle('hidden', !call);
  if (role === 'seller') {
    $('callback').classList.toggle('hidden', !next.callback);
    if (next.callback) { renderCallback(next.callback); tick(); }
  }
  if (role === 'assistant') renderAssistant(next, call);
  if (!call) { shownCall = null; return; }
  text('caller-name', call.callerName && call.callerName !== 'unknown' ? call.callerName : call.caller);
  text('caller', call.caller);
  text('line-source', call.lineSource);
  text('repeat', repeatText(call));
  if (role === 'seller') {
    text('pop', next.pop);
    text('wants', next.wants);
    text('stated-source', call.statedSource || '—');
    text('line', call.line + (call.campaign ? ' / ' + call.campaign : ''));
    text('answered-by', call.answeredBy ? 'assistant ' + call.answeredBy : (call.digit ? 'menu key ' + call.digit : '—'));
  }
  tick();
}

function renderAssistant(next, call) {
  const pbx = $('pbx');
  pbx.classList.toggle('hidden', !next.pbx);
  pbx.textContent = next.pbx ? next.pbx + ' — transfer by phone.' : '';
  const options = $('heard-options');
  if (options.childElementCount !== next.heardOptions.length) {
    options.replaceChildren(...next.heardOptions.map((option) => {
      const element = document.createElement('option');
      element.value = option;
      return element;
    }));
  }
  const transfers = $('transfers');
  if (transfers.dataset.departments !== next.departments.join('\n')) {
    transfers.dataset.departments = next.departments.join('\n');
    transfers.replaceChildren(...next.departments.map((department) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'transfer';
      button.dataset.department = department;
      button.textContent = 'Transfer to ' + department;
      button.addEventListener('click', () => act('transfer', department));
      return button;
    }));
  }
  if (!call) return;
  text('line', call.line);
  text('campaign', call.campaign);
  const steps = $('steps');
  steps.replaceChildren(...next.steps.map((step) => {
    const item = document.createElement('li');
    item.textContent = step;
    return item;
  }));
  if (shownCall !== call.linkedId) {
    shownCall = call.linkedId;
    $('request').value = call.request || '';
    $('heard').value = call.statedSource || '';
    text('result', '');
  }
  for (const button of document.querySelectorAll('button')) button.disabled = false;
}

async function act(action, department) {
  if (!view || !view.call) return;
  const body = { linkedId: view.call.linkedId, request: $('request').value, statedSource: $('heard').value };
  if (department) body.department = department;
  for (const button of document.querySelectorAll('button')) button.disabled = true;
  text('result', action === 'transfer' ? 'transferring to ' + department + '…' : 'saving…');
  try {
    const response = await fetch(api + '/' + action, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
      credentials: 'same-origin',
    });
    const result = await response.json();
    text('result', result.message);
  } catch (failed) {
    text('result', 'no answer from callpath (' + failed + ')');
  } finally {
    for (const button of document.querySelectorAll('button')) button.disabled = false;
  }
}

if (role === 'assistant') $('save').addEventListener('click', () => act('answers'));

function connect() {
  const source = new EventSource(api + '/events');
  source.addEventListener('desk', (event) => render(JSON.parse(event.data)));
  source.onopen = () => { $('link').className = 'link up'; $('link').textContent = 'live'; };
  source.onerror = () => { $('link').className = 'link down'; $('link').textContent = 'reconnecting…'; };
}

connect();
setInterval(tick, 250);
