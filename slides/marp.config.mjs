// Marp CLI settings for the course's deck (used by `python -m helpers.course.slides`).
// Everything stays offline: no math typesetting (its fonts would come from a CDN) and no emoji
// images (twemoji comes from a CDN); the default theme uses the system's fonts. A line break in
// the source is not a line break on the slide (Markdown's usual rule; Marp's default differs).
export default {
  options: {
    markdown: { breaks: false },
    math: false,
    emoji: { shortcode: false, unicode: false },
  },
  allowLocalFiles: false,
  // course.css: the deck's theme; handout.css: the printed handout's A4 pages.
  themeSet: ['./course.css', './handout.css'],
}
