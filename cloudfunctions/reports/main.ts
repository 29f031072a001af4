// Entry bundled by `npm run build` into index.js; uploaded as is from WeChat DevTools.
import { reports } from '../../core/functions/reports';

export const main = reports();
