// Entry bundled by `npm run build` into index.js; uploaded as is from WeChat DevTools.
import { grid } from '../../core/functions/grid';

export const main = grid();
