import { createHmac, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Cloud storage for the local cloud: files under `<dir>/storage/` (or in memory), addressed
 * by fileIDs shaped like CloudBase's `cloud://<env>.<bucket>/<cloudPath>`, read back through
 * signed, expiring temp URLs that the gateway serves.
 */
export class FileStorage {
  private readonly mem = new Map<string, Buffer>();
  private readonly secret = randomBytes(16);
  readonly bucket: string;
  baseUrl = 'http://127.0.0.1:3210';

  constructor(
    readonly env: string,
    private readonly dir?: string,
  ) {
    this.bucket = `${Buffer.from(env).toString('hex').slice(0, 4)}-${env}-1300000000`;
    if (dir) fs.mkdirSync(dir, { recursive: true });
  }

  fileIdFor(cloudPath: string): string {
    return `cloud://${this.env}.${this.bucket}/${cloudPath}`;
  }

  /** The cloud path of a fileID of this env, or undefined for a foreign or malformed one. */
  pathOf(fileID: string): string | undefined {
    const prefix = `cloud://${this.env}.${this.bucket}/`;
    if (!fileID.startsWith(prefix)) return undefined;
    const p = fileID.slice(prefix.length);
    return safePath(p) ? p : undefined;
  }

  private filePath(cloudPath: string): string {
    return path.join(this.dir!, cloudPath);
  }

  put(cloudPath: string, content: Buffer): string {
    if (!safePath(cloudPath)) throw new Error(`invalid cloudPath ${cloudPath}`);
    if (this.dir) {
      const p = this.filePath(cloudPath);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      const fd = fs.openSync(p, 'w');
      try {
        fs.writeSync(fd, content);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    } else this.mem.set(cloudPath, Buffer.from(content));
    return this.fileIdFor(cloudPath);
  }

  get(cloudPath: string): Buffer | undefined {
    if (!this.dir) return this.mem.get(cloudPath);
    const p = this.filePath(cloudPath);
    return fs.existsSync(p) ? fs.readFileSync(p) : undefined;
  }

  delete(cloudPath: string): boolean {
    if (!this.dir) return this.mem.delete(cloudPath);
    const p = this.filePath(cloudPath);
    if (!fs.existsSync(p)) return false;
    fs.unlinkSync(p);
    return true;
  }

  sign(cloudPath: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${cloudPath}\n${expires}`).digest('hex').slice(0, 32);
  }

  tempUrl(cloudPath: string, maxAgeSec: number, nowMs: number): string {
    const t = Math.floor(nowMs / 1000) + maxAgeSec;
    const encoded = cloudPath.split('/').map(encodeURIComponent).join('/');
    return `${this.baseUrl}/storage/${encoded}?t=${t}&sign=${this.sign(cloudPath, t)}`;
  }

  /** Checks a temp URL's signature and expiry; returns the content or why not. */
  serve(cloudPath: string, t: number, sign: string, nowMs: number): { ok: true; body: Buffer } | { ok: false; status: number } {
    if (!safePath(cloudPath) || sign !== this.sign(cloudPath, t)) return { ok: false, status: 403 };
    if (t * 1000 < nowMs) return { ok: false, status: 403 };
    const body = this.get(cloudPath);
    return body ? { ok: true, body } : { ok: false, status: 404 };
  }
}

function safePath(p: string): boolean {
  return p.length > 0 && !p.startsWith('/') && !p.split('/').some((s) => s === '..' || s === '' || s === '.');
}
