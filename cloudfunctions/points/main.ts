// Entry bundled by `npm run build` into index.js; uploaded as is from WeChat DevTools.
import { points } from '../../core/functions/points';

export const main = points();
