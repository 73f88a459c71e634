import type { Plugin } from 'vite';

/**
 * RxDB's free Dexie storage prints a multi-line advertisement for its paid storages on the first
 * write of every page load. On a warehouse laptop the console is where support staff look for the
 * app's own warnings, so production builds drop that one call (RxDB is Apache-2.0; nothing else
 * in the module changes). Development builds keep it, and keep every other message.
 */
const DEXIE_INSTANCE = /rxdb\/dist\/esm\/plugins\/storage-dexie\/rx-storage-instance-dexie\.js$/;
const NOTICE_CALL = /console\.warn(?=\(\[\s*'-------------- RxDB Open Core RxStorage)/;

export function quietThirdPartyNotices(): Plugin {
  return {
    name: 'stockline-quiet-third-party-notices',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (!DEXIE_INSTANCE.test(id.split('?')[0] ?? id)) return null;
      const match = NOTICE_CALL.exec(code);
      // A new RxDB that words its notice differently must not slip through unnoticed.
      if (!match) this.error('the RxDB Dexie notice moved: update build/quiet-notices.ts');
      return { code: code.replace(NOTICE_CALL, 'void'), map: null };
    },
  };
}
