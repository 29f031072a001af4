// Entry bundled by `npm run build` into index.js; uploaded as is from WeChat DevTools.
import { org } from '../../core/functions/org';

export const main = org();
