// @custom-elements-manifest/analyzer settings for <stock-chat>: writes
// widget/custom-elements.json from the JSDoc of the public element and its entry.
export default {
  globs: ['widget/src/stock-chat.ts', 'widget/src/index.ts'],
  outdir: 'widget',
  litelement: true,
};
