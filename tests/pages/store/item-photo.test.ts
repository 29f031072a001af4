import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { ItemSaveResult } from '../../../core/contracts/store';
import { demoKeeper, ok } from '../fixtures';
import { loadPage, resetWx } from '../harness';
import { managed } from './store-fixtures';

beforeEach(() => {
  resetWx();
  Object.assign(wx, {
    chooseMedia: jest.fn((o: { success: (r: { tempFiles: { tempFilePath: string; size: number }[] }) => void }) => o.success({ tempFiles: [{ tempFilePath: 'wxfile://tmp/rice.jpg', size: 90_000 }] })),
    getFileSystemManager: () => ({ readFile: (o: { success: (r: { data: string }) => void }) => o.success({ data: '/9j/4AAQ' }) }),
  });
});

const list = { items: [managed()] };
const saved: ItemSaveResult = { item: managed({ picture: 'cloud://local.bucket/evidence/m0004/x.jpg' }), created: false };

describe('商品照片 (store keeper)', () => {
  it('uploads a picked photo on save and saves the item with its fileID', async () => {
    const page = await loadPage('staff/pages/store/item/index', {
      query: { itemId: 'itm-demo-b01-towel' },
      stub: {
        'auth.me': ok(demoKeeper),
        'store.items.list': ok(list),
        'points.evidence.upload': ok({ fileID: 'cloud://local.bucket/evidence/m0004/x.jpg' }),
        'store.items.save': ok(saved),
      },
    });
    expect(page.text()).toContain('添加商品照片');
    await page.tap('.photo-btn');
    expect(page.find('.photo-img')).toBeDefined();
    await page.tap('.submit-btn');
    expect(page.backend!.calls.find((c) => c.action === 'evidence.upload')?.payload).toEqual({ ext: 'jpg', contentBase64: '/9j/4AAQ' });
    expect(page.backend!.calls.find((c) => c.action === 'items.save')?.payload).toMatchObject({ mode: 'update', itemId: 'itm-demo-b01-towel', picture: 'cloud://local.bucket/evidence/m0004/x.jpg' });
  });

  it('keeps an existing photo untouched when the keeper edits something else', async () => {
    const page = await loadPage('staff/pages/store/item/index', {
      query: { itemId: 'itm-demo-b01-towel' },
      stub: { 'auth.me': ok(demoKeeper), 'store.items.list': ok({ items: [managed({ picture: 'cloud://x/p.jpg', pictureUrl: 'https://tmp.example/p.jpg' })] }), 'store.items.save': ok(saved) },
    });
    expect(page.text()).toContain('更换商品照片');
    await page.tap('.submit-btn');
    expect(page.backend!.calls.find((c) => c.action === 'items.save')?.payload).not.toHaveProperty('picture');
    expect(page.backend!.calls.some((c) => c.action === 'evidence.upload')).toBe(false);
  });

  it('removes the photo when asked', async () => {
    const page = await loadPage('staff/pages/store/item/index', {
      query: { itemId: 'itm-demo-b01-towel' },
      stub: { 'auth.me': ok(demoKeeper), 'store.items.list': ok({ items: [managed({ picture: 'cloud://x/p.jpg', pictureUrl: 'https://tmp.example/p.jpg' })] }), 'store.items.save': ok(saved) },
    });
    await page.tap('.photo-remove');
    await page.tap('.submit-btn');
    expect(page.backend!.calls.find((c) => c.action === 'items.save')?.payload).toMatchObject({ picture: null });
  });
});
