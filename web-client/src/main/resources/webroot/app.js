// replmesh web client: one page, one xterm.js terminal, one websocket to a shared REPL session.
// Plain ES module, no bundler. xterm.js and its fit addon are loaded by index.html as classic
// scripts and leave `Terminal` and `FitAddon` on window.

const ALIAS_KEY = 'replmesh.alias';
const BACKOFF_MS = [500, 1000, 2000, 4000, 5000]; // then 5 s for every further try
const PING_MS = 25000; // below the usual 30-60 s idle timeout of proxies
const TOAST_MS = 6000;

const $ = (id) => document.getElementById(id);
const ui = {
  startForm: $('start-form'),
  runtimeSelect: $('runtime-select'),
  startButton: $('start-button'),
  runtimeLimits: $('runtime-limits'),
  role: $('role'),
  conn: $('conn-state'),
  status: $('status'),
  terminal: $('terminal'),
  terminalHint: $('terminal-hint'),
  sessionId: $('session-id'),
  sessionRuntime: $('session-runtime'),
  sessionState: $('session-state'),
  writeLink: $('share-write-link'),
  readLink: $('share-read-link'),
  participants: $('participants'),
  aliasForm: $('alias-form'),
  aliasInput: $('alias-input'),
};

const CONN_LABELS = {
  idle: 'no session',
  connecting: 'connecting…',
  connected: 'connected',
  reconnecting: 'reconnecting…',
  closed: 'closed',
};

// Friendlier words for the error codes a person is likely to meet; anything else shows the
// server's own message.
const ERROR_TEXT = {
  session_not_found: 'This session does not exist (any more).',
  forbidden: 'The token in this link is not valid for this session.',
  missing_token: 'This link has no token.',
  session_closed: 'This session has been closed.',
  read_only: 'You have a read-only link: typing is not sent.',
  unknown_runtime: 'The server does not know this runtime.',
  unavailable: 'The server is busy or a node is unreachable; try again shortly.',
  network: 'Cannot reach the server.',
};

/** Everything the page knows; exposed as window.replmesh.state for debugging and tests. */
const state = {
  sessionId: null,
  token: null, // the token we connect with (write or read)
  writeToken: null, // known when we created the session, or joined with it
  readToken: null, // only the creator learns it from POST /sessions
  userId: null,
  alias: loadAlias(), // null: let the server choose
  role: null, // 'writer' | 'reader', from hello
  runtime: null,
  conn: 'idle',
  sessionState: null, // running | exited | closed | moved
  exitCode: null,
  lastSeq: null, // seq of the last output frame written to the terminal
  participants: {}, // userId -> {userId, alias, role}
};

// ---- terminal -------------------------------------------------------------------------------

const { Terminal, FitAddon } = window;
// The DOM renderer (not the default canvas) keeps the screen readable as text in .xterm-rows.
const term = new Terminal({
  rendererType: 'dom',
  cursorBlink: true,
  scrollback: 5000,
  fontFamily: '"JetBrains Mono", "Fira Code", "DejaVu Sans Mono", Menlo, Consolas, monospace',
  fontSize: 14,
  theme: {
    background: '#0b0e14',
    foreground: '#d6deeb',
    cursor: '#7fdbca',
    selection: 'rgba(127, 219, 202, 0.3)',
  },
});
const fit = new FitAddon.FitAddon();
term.loadAddon(fit);
term.open(ui.terminal);
fitTerminal();

// Resizes come from the window and from layout changes (e.g. the sidebar wrapping); coalesce
// them into one fit per frame.
let fitQueued = false;
function scheduleFit() {
  if (fitQueued) return;
  fitQueued = true;
  requestAnimationFrame(() => {
    fitQueued = false;
    fitTerminal();
  });
}
window.addEventListener('resize', scheduleFit);
if ('ResizeObserver' in window) new ResizeObserver(scheduleFit).observe(ui.terminal);

function fitTerminal() {
  // The fit addon divides by the cell size: with a hidden or zero-size pane it would ask for
  // NaN or Infinity columns, which xterm rejects.
  if (ui.terminal.clientWidth === 0 || ui.terminal.clientHeight === 0) return;
  const dims = fit.proposeDimensions();
  if (dims && Number.isFinite(dims.cols) && Number.isFinite(dims.rows)) fit.fit();
}

term.onData((data) => {
  // Readers' keystrokes are never sent; the server would refuse them anyway.
  if (state.role === 'writer') send({ type: 'input', data });
});
term.onResize(({ cols, rows }) => send({ type: 'resize', cols, rows }));

window.replmesh = { term, state };

// ---- connection -----------------------------------------------------------------------------

let socket = null;
let attempt = 0; // failed tries since the last hello, picks the backoff delay
let helloSeen = false; // on the current socket
let retryTimer = null;
let pingTimer = null;
let generation = 0; // bumped on every join, so late events of an old session are ignored

/** Joins a session, leaving any current one. The tokens we know feed the share panel. */
function join(sessionId, token, { writeToken = null, readToken = null } = {}) {
  leave();
  generation++;
  Object.assign(state, {
    sessionId, token, writeToken, readToken,
    userId: null, role: null, runtime: null,
    sessionState: null, exitCode: null, lastSeq: null, participants: {},
  });
  attempt = 0;
  term.reset();
  ui.terminalHint.hidden = true;
  renderSession();
  renderShare();
  renderParticipants();
  connect('connecting');
  term.focus();
}

/** Drops the current socket and timers without touching what is shown. */
function leave() {
  clearTimeout(retryTimer);
  stopPing();
  if (socket) {
    const old = socket;
    socket = null; // its close event now finds itself stale and is ignored
    old.close(1000, 'leaving');
  }
}

function connect(connState) {
  setConn(connState);
  helloSeen = false;
  const ws = new WebSocket(wsUrl());
  socket = ws;
  ws.onmessage = (event) => {
    if (ws !== socket) return;
    let frame;
    try {
      frame = JSON.parse(event.data);
    } catch {
      console.warn('replmesh: ignoring a frame that is not JSON', event.data);
      return;
    }
    onFrame(frame);
  };
  ws.onclose = (event) => {
    if (ws === socket) onClose(event);
  };
}

function wsUrl() {
  const url = new URL(`api/v1/sessions/${encodeURIComponent(state.sessionId)}/ws`, document.baseURI);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const params = new URLSearchParams({ token: state.token });
  if (state.alias) params.set('alias', state.alias);
  // Resume: the server replays only what came after the last output we rendered.
  if (state.lastSeq !== null) params.set('after', String(state.lastSeq));
  url.search = params.toString();
  url.hash = '';
  return url.href;
}

async function onClose(event) {
  socket = null;
  stopPing();
  if (state.sessionState === 'closed') {
    setConn('closed');
    return;
  }
  // A refused upgrade (401/403/404) reaches the browser only as a close before any hello:
  // ask the REST API why, and give up on a definite answer instead of retrying forever.
  if (!helloSeen) {
    const gen = generation;
    const why = await diagnose();
    if (gen !== generation) return; // the user moved on to another session meanwhile
    if (why) {
      setConn('closed');
      showStatus(describeError(why), 'error');
      return;
    }
  }
  const delay = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)];
  attempt++;
  setConn('reconnecting');
  if (event.reason) showStatus(`Connection lost: ${event.reason}`, 'info', TOAST_MS);
  retryTimer = setTimeout(() => connect('reconnecting'), delay);
}

/** The error that makes the session unreachable for good, or null when a retry may help. */
async function diagnose() {
  const path = `api/v1/sessions/${encodeURIComponent(state.sessionId)}?token=${encodeURIComponent(state.token)}`;
  try {
    const res = await fetch(new URL(path, document.baseURI), { cache: 'no-store' });
    if (res.ok || res.status >= 500) return null; // fine or transient: retry
    return await errorOf(res);
  } catch {
    return null; // server unreachable: keep trying, it may come back
  }
}

function send(frame) {
  if (!socket || socket.readyState !== WebSocket.OPEN || !helloSeen) return false;
  socket.send(JSON.stringify(frame));
  return true;
}

function startPing() {
  stopPing();
  pingTimer = setInterval(() => send({ type: 'ping' }), PING_MS);
}

function stopPing() {
  clearInterval(pingTimer);
  pingTimer = null;
}

// ---- frames from the server -----------------------------------------------------------------

const handlers = {
  hello(f) {
    helloSeen = true;
    attempt = 0;
    // If the session's output numbering went backwards (it restarted elsewhere), our lastSeq
    // would hide all new output: start counting afresh.
    if (state.lastSeq !== null && typeof f.seq === 'number' && f.seq < state.lastSeq) state.lastSeq = null;
    Object.assign(state, { userId: f.userId, alias: f.alias, role: f.role, runtime: f.runtime });
    state.participants = {};
    for (const p of f.participants || []) state.participants[p.userId] = p;
    state.participants[f.userId] = { userId: f.userId, alias: f.alias, role: f.role };
    // hello carries no process state unless the server adds one; a later state frame corrects it.
    if (f.state) state.sessionState = f.state;
    else if (state.sessionState === null || state.sessionState === 'moved') state.sessionState = 'running';
    term.setOption('disableStdin', f.role !== 'writer');
    setConn('connected');
    clearStatus();
    startPing();
    // The server's PTY should match what this browser shows.
    send({ type: 'resize', cols: term.cols, rows: term.rows });
    ui.aliasInput.value = f.alias || '';
    renderSession();
    renderShare();
    renderParticipants();
  },

  output(f) {
    if (state.lastSeq !== null && f.seq <= state.lastSeq) return; // already shown before a resume
    term.write(f.data);
    state.lastSeq = f.seq;
  },

  joined(f) {
    state.participants[f.userId] = { userId: f.userId, alias: f.alias, role: f.role };
    renderParticipants();
  },

  left(f) {
    delete state.participants[f.userId];
    renderParticipants();
  },

  alias(f) {
    const p = state.participants[f.userId];
    if (p) p.alias = f.newAlias;
    if (f.userId === state.userId) {
      state.alias = f.newAlias;
      ui.aliasInput.value = f.newAlias;
      saveAlias(f.newAlias); // remembered once the server has accepted it
    }
    renderParticipants();
  },

  state(f) {
    // A move keeps this socket: the server re-joins it on the new node, and the REPL runs on there.
    state.sessionState = f.state === 'moved' ? 'running' : f.state;
    state.exitCode = f.exitCode ?? null;
    renderSession();
    if (f.state === 'closed') {
      // The session is gone: nothing to reconnect to.
      clearTimeout(retryTimer);
      leave();
      setConn('closed');
      showStatus(describeState(f), 'error');
    } else if (f.state === 'exited' || f.state === 'moved') {
      showStatus(describeState(f), 'info');
    }
  },

  error(f) {
    showStatus(describeError(f), 'error', TOAST_MS);
  },

  pong() {},
};

function onFrame(frame) {
  const handler = Object.prototype.hasOwnProperty.call(handlers, frame.type) && handlers[frame.type];
  if (handler) handler(frame);
  else console.debug('replmesh: ignoring frame of type', frame.type);
}

function describeState(f) {
  switch (f.state) {
    case 'running': return 'running';
    case 'exited': return f.exitCode === undefined || f.exitCode === null
      ? 'process exited' : `process exited (code ${f.exitCode})`;
    case 'closed': return f.reason ? `session closed: ${f.reason}` : 'session closed';
    case 'moved': return `the session moved to ${f.node} (${f.replayed} inputs replayed)`;
    default: return f.state;
  }
}

// ---- rendering ------------------------------------------------------------------------------

function setConn(conn) {
  state.conn = conn;
  ui.conn.dataset.state = conn;
  ui.conn.textContent = CONN_LABELS[conn] || conn;
}

let toastTimer = null;
/** One status line for messages and errors; a timeout makes it a toast that clears itself. */
function showStatus(text, kind = 'info', timeoutMs = 0) {
  clearTimeout(toastTimer);
  ui.status.textContent = text;
  ui.status.dataset.kind = kind;
  if (timeoutMs) toastTimer = setTimeout(clearStatus, timeoutMs);
}

function clearStatus() {
  clearTimeout(toastTimer);
  ui.status.textContent = '';
  delete ui.status.dataset.kind;
}

function renderSession() {
  ui.sessionId.textContent = state.sessionId || '—';
  ui.sessionRuntime.textContent = runtimeName(state.runtime) || '—';
  ui.sessionState.textContent = state.sessionState
    ? describeState({ state: state.sessionState, exitCode: state.exitCode })
    : '—';
  ui.sessionState.dataset.state = state.sessionState || '';
  document.title = state.runtime ? `replmesh · ${runtimeName(state.runtime)}` : 'replmesh';

  ui.role.hidden = !state.role;
  ui.role.dataset.role = state.role || '';
  ui.role.textContent = state.role === 'reader' ? 'reader · read-only' : state.role || '';
  ui.terminal.closest('.terminal-pane').classList.toggle('read-only', state.role === 'reader');
}

function renderShare() {
  // Joiners know only the link they came with; the role tells which kind it is.
  const write = state.writeToken || (state.role === 'writer' ? state.token : null);
  const read = state.readToken || (state.role === 'reader' ? state.token : null);
  setLink(ui.writeLink, write, state.role === 'reader'
    ? 'not shared with readers' : 'not known yet');
  setLink(ui.readLink, read, state.role === 'writer'
    ? 'only its creator has it' : 'not known yet');
  if (!state.sessionId) {
    setLink(ui.writeLink, null, 'start or join a session');
    setLink(ui.readLink, null, 'start or join a session');
  }
}

function setLink(anchor, token, missingText) {
  const copy = document.querySelector(`button[data-copy="${anchor.id}"]`);
  if (token && state.sessionId) {
    const href = sessionLink(state.sessionId, token);
    anchor.href = href;
    anchor.textContent = href;
    anchor.classList.remove('missing');
    copy.disabled = false;
  } else {
    anchor.removeAttribute('href');
    anchor.textContent = missingText;
    anchor.classList.add('missing');
    copy.disabled = true;
  }
}

function renderParticipants() {
  const items = Object.values(state.participants).map((p) => {
    const li = document.createElement('li');
    li.dataset.userId = p.userId;
    li.dataset.role = p.role || '';
    const name = document.createElement('span');
    name.className = 'alias';
    name.textContent = p.alias || p.userId;
    li.append(name);
    if (p.userId === state.userId) {
      li.classList.add('me');
      const me = document.createElement('span');
      me.className = 'you';
      me.textContent = '(you)';
      li.append(me);
    }
    const role = document.createElement('span');
    role.className = 'badge';
    role.textContent = p.role || '';
    li.append(role);
    return li;
  });
  ui.participants.replaceChildren(...items);
}

// ---- runtimes and starting a session --------------------------------------------------------

let runtimes = [];

function runtimeName(id) {
  const rt = runtimes.find((r) => r.id === id);
  return rt ? rt.name : id;
}

async function loadRuntimes() {
  try {
    const res = await fetch(new URL('api/v1/runtimes', document.baseURI), { cache: 'no-store' });
    if (!res.ok) throw await errorOf(res);
    runtimes = await res.json();
  } catch (err) {
    ui.runtimeSelect.replaceChildren(new Option('unavailable', ''));
    showStatus(`Cannot load runtimes: ${describeError(err)}`, 'error');
    return;
  }
  ui.runtimeSelect.replaceChildren(...runtimes.map((r) => new Option(r.name || r.id, r.id)));
  ui.runtimeSelect.disabled = runtimes.length === 0;
  ui.startButton.disabled = runtimes.length === 0;
  showLimits();
  renderSession(); // runtime names may have arrived after the hello
}

function showLimits() {
  const rt = runtimes.find((r) => r.id === ui.runtimeSelect.value);
  const l = rt && rt.limits;
  ui.runtimeLimits.textContent = l
    ? [l.memoryMb && `${l.memoryMb} MB`, l.cpus && `${l.cpus} CPU`, l.pids && `${l.pids} procs`,
      l.workspaceMb && `${l.workspaceMb} MB disk`].filter(Boolean).join(' · ')
    : '';
}

async function startSession(event) {
  event.preventDefault();
  const runtime = ui.runtimeSelect.value;
  if (!runtime) return;
  ui.startButton.disabled = true;
  showStatus('Starting session…');
  try {
    const res = await fetch(new URL('api/v1/sessions', document.baseURI), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ runtime }),
    });
    if (!res.ok) throw await errorOf(res);
    const session = await res.json();
    // The address bar becomes the write link, so reloading rejoins the same session.
    history.replaceState(null, '', sessionLink(session.id, session.writeToken));
    clearStatus();
    join(session.id, session.writeToken, { writeToken: session.writeToken, readToken: session.readToken });
  } catch (err) {
    showStatus(`Cannot start a session: ${describeError(err)}`, 'error');
  } finally {
    ui.startButton.disabled = false;
  }
}

// ---- alias ----------------------------------------------------------------------------------

function saveAliasFromInput(event) {
  event.preventDefault();
  const alias = ui.aliasInput.value.trim();
  if (!alias || alias === state.alias) return;
  if (!send({ type: 'alias', alias })) {
    // Not connected: use it for the next connection.
    state.alias = alias;
    saveAlias(alias);
    showStatus('Name saved; it is used when you next connect.', 'info', TOAST_MS);
  }
}

// localStorage throws in some privacy modes; the alias is a nicety, so fail quietly.
function loadAlias() {
  try {
    return localStorage.getItem(ALIAS_KEY) || null;
  } catch {
    return null;
  }
}

function saveAlias(alias) {
  try {
    localStorage.setItem(ALIAS_KEY, alias);
  } catch { /* not remembered, that's all */ }
}

// ---- helpers --------------------------------------------------------------------------------

/** A link to this page that joins a session: `?session=ID&token=TOKEN` on the current path. */
function sessionLink(sessionId, token) {
  const url = new URL(location.href);
  url.search = new URLSearchParams({ session: sessionId, token }).toString();
  url.hash = '';
  return url.href;
}

/** The `{code,message}` of an HTTP error response, whatever its body. */
async function errorOf(res) {
  try {
    const body = await res.json();
    if (body && (body.code || body.message)) return body;
  } catch { /* not JSON */ }
  return { code: `http_${res.status}`, message: `${res.status} ${res.statusText}`.trim() };
}

function describeError(err) {
  if (err instanceof TypeError) return ERROR_TEXT.network; // what fetch throws when offline
  if (err && ERROR_TEXT[err.code]) return ERROR_TEXT[err.code];
  return (err && (err.message || err.code)) || String(err);
}

async function copyLink(button) {
  const anchor = $(button.dataset.copy);
  if (!anchor.href) return;
  try {
    await navigator.clipboard.writeText(anchor.href);
  } catch {
    // The Clipboard API needs a secure context (https or localhost): fall back to a selection.
    const range = document.createRange();
    range.selectNodeContents(anchor);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    document.execCommand('copy');
  }
  const label = button.textContent;
  button.textContent = 'Copied';
  setTimeout(() => { button.textContent = label; }, 1500);
}

// ---- start up -------------------------------------------------------------------------------

ui.startForm.addEventListener('submit', startSession);
ui.runtimeSelect.addEventListener('change', showLimits);
ui.aliasForm.addEventListener('submit', saveAliasFromInput);
for (const button of document.querySelectorAll('button[data-copy]')) {
  button.addEventListener('click', () => copyLink(button));
}
ui.aliasInput.value = state.alias || '';
renderShare();
loadRuntimes();

const params = new URLSearchParams(location.search);
const linkedSession = params.get('session');
if (linkedSession) {
  const token = params.get('token');
  if (token) join(linkedSession, token);
  else showStatus(describeError({ code: 'missing_token' }), 'error');
}
