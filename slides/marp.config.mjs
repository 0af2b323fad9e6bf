// Marp CLI settings for the course's deck (used by `python -m helpers.course.slides`).
// Everything stays offline: no math typesetting (its fonts would come from a CDN) and no emoji
// images (twemoji comes from a CDN); the default theme uses the system's fonts.
export default {
  options: {
    math: false,
    emoji: { shortcode: false, unicode: false },
  },
  allowLocalFiles: false,
}
