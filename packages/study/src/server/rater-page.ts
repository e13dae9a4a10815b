/**
 * The rater page: one HTML shell, one stylesheet, one script, all served by the study server (the
 * content security policy allows nothing else). The script reads the token from its own address, asks
 * /api/state for the rater's current task, shows its first unanswered pair, and saves each pair's
 * answers before showing the next, so a reload resumes exactly where the rater was.
 */

export function raterPageHtml(validLink: boolean): string {
  const body = validLink
    ? `<main id="app" aria-busy="true">
  <header class="top">
    <h1>Avatar study</h1>
    <p id="progress-text" class="progress-text">Loading…</p>
    <div id="progress" class="bar" role="progressbar" aria-labelledby="progress-text" aria-valuemin="0" aria-valuemax="1" aria-valuenow="0"><div class="fill"></div></div>
  </header>
  <form id="pair" class="pair" hidden novalidate>
    <div class="images">
      <figure><img id="real" alt="Realistic face" width="512" height="512"><figcaption>Realistic face</figcaption></figure>
      <figure><img id="avatar" alt="Avatar" width="512" height="512"><figcaption>Avatar</figcaption></figure>
    </div>
    <div id="questions" class="questions"></div>
    <button id="next" class="next" type="submit" disabled>Next <kbd>Enter</kbd></button>
  </form>
  <section id="done" class="done" hidden tabindex="-1"><h2>Thank you!</h2><p>You have rated every task there is for you. You can close this page.</p></section>
  <p class="help">Keys: <kbd>1</kbd>/<kbd>2</kbd> yes/no to the first question, <kbd>3</kbd>/<kbd>4</kbd> the second<span id="third-keys" hidden>, <kbd>5</kbd>/<kbd>6</kbd> the third</span>; <kbd>Enter</kbd> next pair. Answers are saved as you go and cannot be changed.</p>
  <p id="status" class="status" role="status" aria-live="polite"></p>
</main>
<noscript><p>This study needs JavaScript.</p></noscript>
<script src="/assets/rater.js" defer></script>`
    : `<main><h1>Avatar study</h1><p>This link is not valid. Please check the address you were given.</p></main>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Avatar study</title>
<link rel="stylesheet" href="/assets/rater.css">
</head>
<body>
${body}
</body>
</html>
`;
}

export const RATER_PAGE_CSS = `
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 16px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #ffffff; }
main { max-width: 1100px; margin: 0 auto; padding: 12px 16px 24px; }
h1 { font-size: 1.25rem; margin: 0 0 4px; }
.progress-text { margin: 0 0 6px; font-size: 0.95rem; }
.bar { height: 8px; background: #d9d9d9; border-radius: 4px; overflow: hidden; }
.bar .fill { height: 100%; width: 0; background: #1f4e8c; }
.images { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; margin: 12px 0; }
figure { margin: 0; min-width: 0; }
figure img { display: block; width: 100%; height: auto; aspect-ratio: 1 / 1; object-fit: contain; background: #f2f2f2; border-radius: 6px; max-height: 40vh; }
figcaption { text-align: center; font-size: 0.9rem; margin-top: 4px; }
.questions { display: grid; gap: 10px; }
fieldset { border: 1px solid #8c8c8c; border-radius: 8px; margin: 0; padding: 8px 10px 10px; min-width: 0; }
legend { font-weight: 600; padding: 0 4px; }
.choices { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; margin-top: 4px; }
.choice { display: flex; align-items: center; justify-content: center; gap: 8px; min-height: 48px; padding: 8px; border: 2px solid #1f4e8c; border-radius: 8px; color: #1f4e8c; font-weight: 600; cursor: pointer; user-select: none; }
.choice input { width: 20px; height: 20px; margin: 0; accent-color: #1f4e8c; }
.choice:has(input:checked) { background: #1f4e8c; color: #ffffff; }
.choice:has(input:focus-visible) { outline: 3px solid #b34700; outline-offset: 2px; }
.next { display: block; width: 100%; min-height: 48px; margin-top: 12px; font: inherit; font-weight: 700; color: #ffffff; background: #1a6b3a; border: 0; border-radius: 8px; cursor: pointer; }
.next:disabled { background: #767676; cursor: not-allowed; }
.next:focus-visible { outline: 3px solid #b34700; outline-offset: 2px; }
kbd { font: 0.8rem ui-monospace, monospace; padding: 1px 5px; border: 1px solid currentColor; border-radius: 4px; }
.help { font-size: 0.85rem; color: #404040; margin: 12px 0 0; }
.status { min-height: 1.4em; margin: 6px 0 0; font-weight: 600; }
.status.error { color: #a30000; }
.done { padding: 24px 0; }
.done:focus { outline: none; }
/* Wide screens: the pictures on the left, the questions beside them, all without scrolling. */
@media (min-width: 900px) {
  .pair:not([hidden]) { display: grid; grid-template-columns: 6fr 5fr; gap: 24px; align-items: start; margin-top: 16px; }
  .pair .images { margin: 0; grid-row: span 2; }
  .pair .next { grid-column: 2; margin-top: 0; }
  figure img { max-height: 60vh; }
}
@media (max-width: 600px) {
  main { padding: 8px 10px 16px; }
  .images { gap: 8px; margin: 8px 0; }
  .help { display: none; }
}
`;

/** Plain browser JavaScript (no build step): everything the page does. */
export const RATER_PAGE_JS = `'use strict';
(function () {
  var token = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() || '');
  var app = document.getElementById('app');
  var form = document.getElementById('pair');
  var questionsBox = document.getElementById('questions');
  var nextButton = document.getElementById('next');
  var statusLine = document.getElementById('status');
  var progressText = document.getElementById('progress-text');
  var progress = document.getElementById('progress');
  var done = document.getElementById('done');
  var state = null;
  var current = -1;
  var busy = false;

  function say(text, isError) {
    statusLine.textContent = text;
    statusLine.className = 'status' + (isError ? ' error' : '');
  }

  function api(path, init) {
    init = init || {};
    init.headers = Object.assign({ authorization: 'Bearer ' + token }, init.headers || {});
    return fetch(path, init).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) {
          var error = new Error((body.error && body.error.message) || ('the server answered ' + response.status));
          error.status = response.status;
          throw error;
        }
        return body;
      });
    });
  }

  function buildQuestions() {
    questionsBox.textContent = '';
    document.getElementById('third-keys').hidden = state.questions.length < 3;
    state.questions.forEach(function (question, index) {
      var fieldset = document.createElement('fieldset');
      var legend = document.createElement('legend');
      legend.id = 'q-' + question.id;
      legend.textContent = question.text;
      fieldset.appendChild(legend);
      var choices = document.createElement('div');
      choices.className = 'choices';
      [['yes', 'Yes', 2 * index + 1], ['no', 'No', 2 * index + 2]].forEach(function (choice) {
        var label = document.createElement('label');
        label.className = 'choice';
        var input = document.createElement('input');
        input.type = 'radio';
        input.name = question.id;
        input.value = choice[0];
        input.id = question.id + '-' + choice[0];
        label.appendChild(input);
        label.appendChild(document.createTextNode(choice[1] + ' '));
        var key = document.createElement('kbd');
        key.textContent = String(choice[2]);
        key.setAttribute('aria-hidden', 'true');
        label.appendChild(key);
        choices.appendChild(label);
      });
      fieldset.appendChild(choices);
      questionsBox.appendChild(fieldset);
    });
  }

  function answers() {
    var result = {};
    var complete = true;
    state.questions.forEach(function (question) {
      var checked = form.querySelector('input[name="' + question.id + '"]:checked');
      if (checked) result[question.id] = checked.value === 'yes';
      else complete = false;
    });
    return complete ? result : null;
  }

  function updateNext() {
    nextButton.disabled = busy || answers() === null;
  }

  function showProgress() {
    var task = state.task;
    var total = task.pairs.length;
    var answered = Object.keys(task.answered).length;
    progressText.textContent = 'Task ' + (state.completedTasks + 1) + ' · pair ' + Math.min(answered + 1, total) + ' of ' + total;
    progress.setAttribute('aria-valuemax', String(total));
    progress.setAttribute('aria-valuenow', String(answered));
    progress.firstElementChild.style.width = (100 * answered / total) + '%';
  }

  function showPair() {
    var task = state.task;
    current = task.pairs.findIndex(function (pair) { return !task.answered[pair.id]; });
    if (current < 0) return load();
    var pair = task.pairs[current];
    form.reset();
    // Choices made before a reload come back as they were.
    var draft = (task.drafts && task.drafts[pair.id]) || {};
    Object.keys(draft).forEach(function (question) {
      var input = document.getElementById(question + '-' + (draft[question] ? 'yes' : 'no'));
      if (input) input.checked = true;
    });
    document.getElementById('real').src = pair.real;
    document.getElementById('avatar').src = pair.avatar;
    showProgress();
    updateNext();
    var first = form.querySelector('input');
    if (first) first.focus({ preventScroll: true });
  }

  function render() {
    app.setAttribute('aria-busy', 'false');
    if (!state.task) {
      form.hidden = true;
      done.hidden = false;
      progressText.textContent = state.completedTasks + ' task' + (state.completedTasks === 1 ? '' : 's') + ' done';
      progress.setAttribute('aria-valuemax', '1');
      progress.setAttribute('aria-valuenow', '1');
      progress.firstElementChild.style.width = '100%';
      done.focus();
      return;
    }
    form.hidden = false;
    done.hidden = true;
    if (!questionsBox.firstChild) buildQuestions();
    showPair();
  }

  function load() {
    return api('/api/state').then(function (body) {
      state = body;
      render();
    }).catch(function (error) { say('Could not load the study: ' + error.message, true); });
  }

  function submit() {
    var given = answers();
    if (!given || busy || !state || !state.task) return;
    var pair = state.task.pairs[current];
    busy = true;
    updateNext();
    api('/api/answers', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ task: state.task.id, pair: pair.id, answers: given }),
    }).then(function (result) {
      busy = false;
      state.task.answered[pair.id] = given;
      if (result.taskComplete) {
        say('Task ' + (state.completedTasks + 1) + ' done. Saved.', false);
        return load();
      }
      say('Saved.', false);
      showPair();
    }).catch(function (error) {
      busy = false;
      updateNext();
      say('Not saved: ' + error.message, true);
      // Answered meanwhile (another window): the server's state is the truth, go on from there.
      if (error.status === 409) load();
    });
  }

  /** Keeps the choices of the pair on screen on the server, so a reload shows them again. */
  function saveDraft() {
    if (!state || !state.task || current < 0) return;
    var pair = state.task.pairs[current];
    var choices = {};
    state.questions.forEach(function (question) {
      var checked = form.querySelector('input[name="' + question.id + '"]:checked');
      if (checked) choices[question.id] = checked.value === 'yes';
    });
    if (Object.keys(choices).length === 0) return;
    state.task.drafts = state.task.drafts || {};
    state.task.drafts[pair.id] = choices;
    api('/api/draft', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ task: state.task.id, pair: pair.id, answers: choices }),
    }).catch(function (error) {
      if (error.status !== 409) say('Choice not saved yet: ' + error.message, true);
    });
  }

  form.addEventListener('change', function () {
    updateNext();
    saveDraft();
  });
  form.addEventListener('submit', function (event) { event.preventDefault(); submit(); });
  document.addEventListener('keydown', function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || !state || !state.task || form.hidden) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      submit();
      return;
    }
    var digit = Number(event.key);
    if (!(digit >= 1 && digit <= 2 * state.questions.length)) return;
    var question = state.questions[Math.floor((digit - 1) / 2)];
    var input = document.getElementById(question.id + '-' + (digit % 2 === 1 ? 'yes' : 'no'));
    input.checked = true;
    input.focus({ preventScroll: true });
    event.preventDefault();
    updateNext();
    saveDraft();
  });
  load();
})();
`;
