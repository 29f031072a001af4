/**
 * Files members upload go under a folder of their own (`<folder>/<memberId>/...`), and an action
 * that reads an uploaded file accepts only the caller's own: nobody can make the server read,
 * import or show a file somebody else put into storage.
 */
export function uploadedBy(fileID: string, folder: 'evidence' | 'imports', memberId: string): boolean {
  const prefix = `${folder}/${memberId}/`;
  const path = fileID.replace(/^cloud:\/\/[^/]+\//, '');
  return path.startsWith(prefix) && !path.slice(prefix.length).split('/').includes('..');
}

/** Where a member's upload goes (the mini-program uses the same layout, see services/). */
export const uploadPath = (folder: 'evidence' | 'imports', memberId: string, name: string): string => `${folder}/${memberId}/${name}`;
