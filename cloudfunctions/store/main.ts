// Entry bundled by `npm run build` into index.js; uploaded as is from WeChat DevTools.
import { store } from '../../core/functions/store';

export const main = store();
