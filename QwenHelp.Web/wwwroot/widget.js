/* QwenHelp chat widget loader. One tag on any page:
   <script src="https://HOST/widget.js" data-site="KEY" data-lang="auto|zh|en" data-position="right|left" data-color="#1f6feb" async></script>
   Optional signed identity of a logged-in customer: data-user="ID" data-user-ts="UNIX_SECONDS" data-user-sig="HEX_HMAC_SHA256(secret, ID + '.' + TS)".
   Everything lives in a closed-over scope and a shadow root: the host page's styles and scripts are not touched. */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.__qwenhelpLoaded) { return; }
  var site = script.getAttribute('data-site');
  if (!site) { return; }
  window.__qwenhelpLoaded = true;
  var host = new URL(script.src, location.href).origin;

  function attr(name) { return script.getAttribute(name) || ''; }
  var lang = attr('data-lang') || 'auto';
  if (lang !== 'zh' && lang !== 'en') {
    lang = (navigator.language || 'en').toLowerCase().indexOf('zh') === 0 ? 'zh' : 'en';
  }
  var text = lang === 'zh'
    ? { open: '在线咨询', close: '关闭对话', title: '在线客服' }
    : { open: 'Chat with us', close: 'Close chat', title: 'Customer service' };

  fetch(host + '/api/widget/sites/' + encodeURIComponent(site), { credentials: 'omit' })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (config) { if (config) { mount(config); } })
    .catch(function () { /* unknown site, origin not allowed or server down: show nothing */ });

  function mount(config) {
    var color = /^#[0-9a-fA-F]{6}$/.test(attr('data-color')) ? attr('data-color') : config.color;
    var side = (attr('data-position') || config.position) === 'left' ? 'left' : 'right';
    var query = 'site=' + encodeURIComponent(site) + '&lang=' + lang + '&embed=1&color=' + encodeURIComponent(color);
    if (attr('data-user') && attr('data-user-sig')) {
      query += '&user=' + encodeURIComponent(attr('data-user')) + '&user_ts=' + encodeURIComponent(attr('data-user-ts')) +
        '&user_sig=' + encodeURIComponent(attr('data-user-sig'));
    }

    var container = document.createElement('div');
    container.setAttribute('data-qwenhelp', '');
    var root = container.attachShadow({ mode: 'open' });
    root.innerHTML =
      '<style>' +
      ':host{all:initial}' +
      '.launcher{position:fixed;' + side + ':24px;bottom:24px;z-index:2147483000;display:flex;align-items:center;gap:8px;' +
      'padding:14px 20px;border:0;border-radius:28px;background:' + color + ';color:#fff;font:600 15px/1 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;' +
      'box-shadow:0 6px 20px rgba(0,0,0,.2);cursor:pointer}' +
      '.launcher:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}' +
      '.panel{position:fixed;' + side + ':24px;bottom:88px;z-index:2147483000;width:380px;height:min(640px,calc(100vh - 120px));' +
      'border-radius:16px;overflow:hidden;box-shadow:0 12px 40px rgba(0,0,0,.25);background:#fff}' +
      '.panel[hidden]{display:none}' +
      'iframe{width:100%;height:100%;border:0;display:block}' +
      // On a phone the open chat fills the screen; its own header has the close button (and Escape closes it),
      // so the launcher steps aside instead of covering the header's language switch and close button.
      '@media (max-width:480px){.panel{left:0;right:0;top:0;bottom:0;width:100vw;height:100vh;height:100dvh;border-radius:0}' +
      '.open .launcher{display:none}}' +
      '</style>' +
      '<div class="wrap"><div class="panel" id="panel" role="dialog" aria-label="' + text.title + '" hidden></div>' +
      '<button class="launcher" type="button" aria-expanded="false" aria-controls="panel">' + text.open + '</button></div>';

    var wrap = root.querySelector('.wrap');
    var panel = root.getElementById('panel');
    var launcher = root.querySelector('.launcher');
    var frame = null;

    function open(greet) {
      if (!frame) {
        frame = document.createElement('iframe');
        frame.title = text.title;
        frame.src = host + '/widget?' + query + (greet ? '&greet=1' : '');
        frame.setAttribute('allow', 'clipboard-write');
        panel.appendChild(frame);
      }
      panel.hidden = false;
      wrap.classList.add('open');
      launcher.setAttribute('aria-expanded', 'true');
      launcher.textContent = text.close;
      frame.focus();
    }

    function close() {
      panel.hidden = true;
      wrap.classList.remove('open');
      launcher.setAttribute('aria-expanded', 'false');
      launcher.textContent = text.open;
      launcher.focus();
    }

    launcher.addEventListener('click', function () { if (panel.hidden) { open(false); } else { close(); } });
    root.addEventListener('keydown', function (e) { if (e.key === 'Escape' && !panel.hidden) { close(); } });
    window.addEventListener('message', function (e) {
      if (e.origin === host && e.data && e.data.type === 'qwenhelp:close' && !panel.hidden) { close(); }
    });

    var greeting = config.greeting || {};
    var pages = greeting.pages || [];
    var onPage = pages.length === 0 || pages.some(function (p) { return location.pathname.indexOf(p) === 0; });
    if (greeting.enabled && onPage) {
      setTimeout(function () { if (panel.hidden && !frame) { open(true); } }, Math.max(0, greeting.delaySeconds || 0) * 1000);
    }

    (document.body || document.documentElement).appendChild(container);
  }
})();
