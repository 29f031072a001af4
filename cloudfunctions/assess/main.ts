// Entry bundled by `npm run build` into index.js; uploaded as is from WeChat DevTools.
import { assess } from '../../core/functions/assess';

export const main = assess();
