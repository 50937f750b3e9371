function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

class Highlighter {
  highlight(text, term) {
    return text.replace(new RegExp(`(${term})`, 'gi'), '<mark>$1</mark>'); // vuln: redos
  }

  highlightSafe(text, term) {
    return text.replace(new RegExp(`(${escapeRe(term)})`, 'gi'), '<mark>$1</mark>'); // safe: redos
  }
}

module.exports = new Highlighter();
