/** The languages shipped as files of their own; English is built into the element. */
export declare const separateLocales: string[];
/** Builds the locale scripts: into dist/locales, or, with `write` false, into memory as { tag: code }. */
export declare function buildLocales(write?: boolean): Promise<Record<string, string>>;
