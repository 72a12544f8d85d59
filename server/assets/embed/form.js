/*
 * Ondesk web form for a client's site.
 *
 *   <script src="https://desk.example/embed/form.js" data-form-key="KEY" async></script>
 *   or <div data-ondesk-form="KEY"></div> anywhere on the page with the script loaded once.
 *
 * Plain JavaScript with no imports: it loads nothing from any other host. The form lives in a Shadow DOM with
 * its own styles, so the page's CSS neither breaks it nor is broken by it. Spam defence (see the desk's
 * server/modules/web-forms/spam-defence.ts): a hidden honeypot field, the fill-time token the desk signed
 * when the form was shown, and an ALTCHA proof-of-work — SHA-256 of salt + number until the desk's challenge
 * hash is met. The solver is written here by hand because the ALTCHA widget weighs about 60 KB and this
 * script must stay under 30 KB gzipped; it runs in a Web Worker (a blob URL) and falls back to the page's
 * own thread when the page's Content-Security-Policy forbids blob workers.
 */
(function () {
  'use strict';
  if (window.__ondeskForms) return window.__ondeskForms.scan();

  var TEXT = {
    ru: {
      send: 'Отправить',
      sending: 'Отправляем…',
      checking: 'Проверяем, что вы не робот…',
      required: 'обязательное поле',
      files: 'Файлы',
      created: 'Заявка №{n} принята. Мы ответим на вашу почту.',
      held: 'Спасибо! Заявка получена и будет рассмотрена.',
      again: 'Отправить ещё одну',
      failed: 'Не удалось отправить форму. Попробуйте ещё раз.',
      unavailable: 'Форма сейчас недоступна.',
      choose: '— выберите —',
      honeypot: 'Не заполняйте это поле',
    },
    en: {
      send: 'Send',
      sending: 'Sending…',
      checking: 'Checking that you are not a robot…',
      required: 'required',
      files: 'Files',
      created: 'Request #{n} received. We will answer by e-mail.',
      held: 'Thank you! Your request was received and will be reviewed.',
      again: 'Send another',
      failed: 'The form could not be sent. Please try again.',
      unavailable: 'The form is not available right now.',
      choose: '— choose —',
      honeypot: 'Leave this field empty',
    },
  };

  var CSS =
    ':host{all:initial;display:block;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24}' +
    'form,.done{display:grid;gap:12px;max-width:560px;padding:16px;border:1px solid #d0d7de;border-radius:10px;background:#fff;box-sizing:border-box}' +
    'label{display:grid;gap:4px;font-weight:600}' +
    '.req{color:#b42318;font-weight:400}' +
    'input,textarea,select{font:inherit;font-weight:400;padding:8px 10px;border:1px solid #8c959f;border-radius:6px;width:100%;box-sizing:border-box;background:#fff;color:inherit}' +
    'textarea{min-height:120px;resize:vertical}' +
    'input:focus,textarea:focus,select:focus,button:focus{outline:2px solid #0969da;outline-offset:1px}' +
    'button{font:inherit;font-weight:600;padding:10px 18px;border:0;border-radius:6px;background:#0969da;color:#fff;cursor:pointer;justify-self:start}' +
    'button[disabled]{opacity:.6;cursor:progress}' +
    '.hp{position:absolute!important;left:-10000px!important;width:1px;height:1px;overflow:hidden}' +
    '.status{min-height:1.4em;margin:0}.status.error{color:#b42318}.status.ok{color:#1a7f37;font-weight:600}' +
    '.check{color:#57606a;font-size:13px;margin:0}';

  // The proof-of-work solver, run as a worker: hashes many numbers at once (the digest is asynchronous).
  function solver(scope) {
    var enc = new TextEncoder();
    function hex(buf) {
      var b = new Uint8Array(buf),
        s = '';
      for (var i = 0; i < b.length; i++) s += (b[i] < 16 ? '0' : '') + b[i].toString(16);
      return s;
    }
    scope.solve = function (c) {
      var batch = 500;
      function step(start) {
        if (start > c.maxnumber) return Promise.resolve(null);
        var jobs = [];
        for (var n = start; n < start + batch && n <= c.maxnumber; n++)
          jobs.push(scope.crypto.subtle.digest('SHA-256', enc.encode(c.salt + n)));
        return Promise.all(jobs).then(function (hashes) {
          for (var i = 0; i < hashes.length; i++) if (hex(hashes[i]) === c.challenge) return start + i;
          return step(start + batch);
        });
      }
      return step(0);
    };
  }
  var workerSource =
    '(' +
    solver.toString() +
    ')(self);self.onmessage=function(e){self.solve(e.data).then(function(n){self.postMessage(n)})};';

  function solve(c) {
    return new Promise(function (resolve, reject) {
      var worker, url;
      try {
        url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
        worker = new Worker(url);
      } catch (e) {
        worker = null;
      }
      function inPage() {
        var scope = { crypto: window.crypto };
        solver(scope);
        scope.solve(c).then(resolve, reject);
      }
      if (!worker) return inPage();
      worker.onmessage = function (e) {
        worker.terminate();
        URL.revokeObjectURL(url);
        resolve(e.data);
      };
      worker.onerror = function (e) {
        if (e && e.preventDefault) e.preventDefault();
        worker.terminate();
        URL.revokeObjectURL(url);
        inPage();
      };
      worker.postMessage(c);
    });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    for (var k in attrs || {}) {
      if (attrs[k] === false || attrs[k] == null) continue;
      if (k === 'text') node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k] === true ? '' : attrs[k]);
    }
    (children || []).forEach(function (c) {
      if (c) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return node;
  }

  var inputTypes = { text: 'text', email: 'email', phone: 'tel' };
  var autocomplete = { name: 'name', email: 'email', phone: 'tel' };
  var counter = 0;

  function mount(host, key, base) {
    if (host.__ondesk) return;
    host.__ondesk = true;
    var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
    var style = el('style');
    style.textContent = CSS;
    root.appendChild(style);
    var api = base + '/api/v1/forms/' + encodeURIComponent(key);
    var lang = (host.getAttribute('data-lang') || '').slice(0, 2);
    var state = { data: null, pow: null, startedAt: 0 };
    var box = el('div');
    root.appendChild(box);

    function t(k) {
      return (TEXT[lang] || TEXT.ru)[k];
    }

    function problem(res) {
      return res
        .json()
        .catch(function () {
          return {};
        })
        .then(function (body) {
          var err = new Error(body.detail || t('failed'));
          err.status = res.status;
          throw err;
        });
    }

    // A page the desk does not list gets no readable answer (no CORS header): the fetch itself fails.
    function load() {
      return fetch(api + '/challenge', { credentials: 'omit', mode: 'cors' }).then(
        function (res) {
          if (!res.ok) return problem(res);
          return res.json();
        },
        function () {
          throw new Error(t('unavailable'));
        },
      );
    }

    // A fresh token and challenge: on load, after a success and after any refusal.
    function refresh() {
      return load().then(function (data) {
        state.data = data;
        state.startedAt = performance.now();
        state.pow = solve(data.challenge).then(function (number) {
          // How long the check took and how far it counted: the desk's tests read the solver's speed here.
          host.setAttribute('data-pow-ms', String(Math.round(performance.now() - state.startedAt)));
          host.setAttribute('data-pow-number', String(number));
          return number;
        });
        return data;
      });
    }

    function render(data) {
      if (!TEXT[lang]) lang = data.form.language === 'en' ? 'en' : 'ru';
      var id = 'ondesk-' + ++counter + '-';
      var form = el('form', { novalidate: false, 'aria-label': lang === 'en' ? 'Contact form' : 'Форма обращения' });
      data.form.fields.forEach(function (f) {
        var fid = id + f.name;
        var attrs = { id: fid, name: f.name, required: f.required, autocomplete: autocomplete[f.name] || 'off' };
        var input;
        if (f.type === 'textarea') input = el('textarea', attrs);
        else if (f.type === 'select') {
          input = el(
            'select',
            attrs,
            [el('option', { value: '', text: t('choose') })].concat(
              (f.options || []).map(function (o) {
                return el('option', { value: o, text: o });
              }),
            ),
          );
        } else input = el('input', Object.assign(attrs, { type: inputTypes[f.type] || 'text' }));
        form.appendChild(
          el('label', { for: fid }, [
            el('span', {}, [
              f.label[lang] || f.label.ru,
              f.required ? el('span', { class: 'req', text: ' *', 'aria-hidden': 'true' }) : null,
            ]),
            input,
          ]),
        );
      });
      if (data.form.attachments) {
        form.appendChild(
          el('label', { for: id + 'files' }, [
            t('files'),
            el('input', { id: id + 'files', type: 'file', name: 'files', multiple: true }),
          ]),
        );
      }
      // The honeypot: off-screen, out of the tab order, hidden from screen readers; people leave it empty.
      form.appendChild(
        el('div', { class: 'hp', 'aria-hidden': 'true' }, [
          el('label', { for: id + 'hp' }, [
            t('honeypot'),
            el('input', { id: id + 'hp', name: data.honeypot, tabindex: '-1', autocomplete: 'off' }),
          ]),
        ]),
      );
      var button = el('button', { type: 'submit', text: t('send') });
      var status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
      form.appendChild(button);
      form.appendChild(status);
      box.replaceChildren(form);

      function say(text, kind) {
        status.textContent = text;
        status.className = 'status' + (kind ? ' ' + kind : '');
      }

      form.addEventListener('submit', function (event) {
        event.preventDefault();
        if (!form.reportValidity()) return;
        button.disabled = true;
        say(t('checking'));
        var current = state.data;
        state.pow
          .then(function (number) {
            say(t('sending'));
            var altcha = btoa(
              JSON.stringify({
                algorithm: current.challenge.algorithm,
                challenge: current.challenge.challenge,
                number: number,
                salt: current.challenge.salt,
                signature: current.challenge.signature,
              }),
            );
            var fileInput = form.querySelector('input[type=file]');
            var files = fileInput && fileInput.files ? Array.prototype.slice.call(fileInput.files) : [];
            var values = {};
            current.form.fields.forEach(function (f) {
              values[f.name] = form.elements[f.name].value;
            });
            var honeypot = form.elements[current.honeypot].value;
            var init = { method: 'POST', credentials: 'omit', mode: 'cors' };
            if (files.length) {
              var body = new FormData();
              for (var k in values) body.append(k, values[k]);
              body.append('token', current.token);
              body.append('altcha', altcha);
              if (honeypot) body.append('website', honeypot);
              files.forEach(function (file) {
                body.append('files', file, file.name);
              });
              init.body = body;
            } else {
              var json = { values: values, token: current.token, altcha: altcha };
              if (honeypot) json.website = honeypot;
              init.headers = { 'content-type': 'application/json' };
              init.body = JSON.stringify(json);
            }
            return fetch(api + '/submit', init).catch(function () {
              throw new Error(t('failed'));
            });
          })
          .then(function (res) {
            if (!res.ok) return problem(res);
            return res.json();
          })
          .then(function (result) {
            var done = el('div', { class: 'done' }, [
              el('p', {
                class: 'status ok',
                role: 'status',
                text: result.status === 'held' ? t('held') : t('created').replace('{n}', result.ticketNumber),
              }),
            ]);
            var again = el('button', { type: 'button', text: t('again') });
            again.addEventListener('click', function () {
              refresh().then(render, fail);
            });
            done.appendChild(again);
            box.replaceChildren(done);
            host.setAttribute('data-ticket-number', result.ticketNumber ? String(result.ticketNumber) : 'held');
            again.focus();
          })
          .catch(function (err) {
            say(err.message || t('failed'), 'error');
            button.disabled = false;
            // A refused token or proof cannot be used again: fetch new ones, keep what the person typed.
            refresh().catch(function () {});
          });
      });
    }

    function fail(err) {
      box.replaceChildren(
        el('p', { class: 'status error', role: 'alert', text: (err && err.message) || t('unavailable') }),
      );
    }

    refresh().then(render, fail);
  }

  function baseOf(script) {
    try {
      return new URL(script.src, location.href).origin;
    } catch (e) {
      return location.origin;
    }
  }

  var self = document.currentScript;
  var scripts = document.querySelectorAll('script[src*="/embed/form.js"]');
  var ownScript = self || scripts[scripts.length - 1];
  var base = ownScript ? baseOf(ownScript) : location.origin;

  function scan() {
    document.querySelectorAll('[data-ondesk-form]').forEach(function (node) {
      mount(node, node.getAttribute('data-ondesk-form'), base);
    });
  }

  window.__ondeskForms = { scan: scan };
  if (ownScript && ownScript.getAttribute('data-form-key')) {
    var host = document.createElement('div');
    host.setAttribute('data-ondesk-form-host', ownScript.getAttribute('data-form-key'));
    ownScript.parentNode.insertBefore(host, ownScript.nextSibling);
    mount(host, ownScript.getAttribute('data-form-key'), base);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', scan);
  else scan();
})();
