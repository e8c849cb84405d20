// Telegram on the web: the public channel preview (t.me/s/<channel>) and web.telegram.org.
// Read by content/badges.js; docs/extension.md says what a surface module may declare.
// Needs from the page: on t.me/s/, each message as .tgme_widget_message with its channel's
// link in .tgme_widget_message_owner_name (href "https://t.me/<channel>"); a forwarded
// message names its source in .tgme_widget_message_forwarded_from_name. On web.telegram.org
// only links are read (its message list has no stable author links).
if (!globalThis.__mastheadSurface) {
  globalThis.__mastheadSurface = Object.freeze({
    id: 'telegram',
    posts: '.tgme_widget_message',
    author: Object.freeze(['a.tgme_widget_message_forwarded_from_name[href]', 'a.tgme_widget_message_owner_name[href]']),
  });
}
