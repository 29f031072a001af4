// Entry bundled by `npm run build` into index.js; uploaded as is from WeChat DevTools.
import { files } from '../../core/functions/files';

export const main = files();
