/** Folder (as named in docs/architecture.md's layer table: `domain`, `main.ts`) → the folders it may import. */
export type LayerTable = Readonly<Record<string, readonly string[]>>;

export declare const ROOT: string;
export declare const SRC: string;
export declare const DOC: string;
export declare function parseLayerTable(markdown: string): LayerTable;
export declare function readLayerTable(): LayerTable;
export declare function folderOf(file: string): string | undefined;
export declare function importedFolder(importer: string, specifier: string): string | undefined;
export declare function mayImport(from: string, to: string): boolean;
