// Entry bundled by `npm run build` into index.js; uploaded as is from WeChat DevTools.
import { events } from '../../core/functions/events';

export const main = events();
