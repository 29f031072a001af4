// Entry bundled by `npm run build` into index.js; uploaded as is from WeChat DevTools.
import { auth } from '../../core/functions/auth';

export const main = auth();
