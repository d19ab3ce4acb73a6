export declare const chromiumArgs: string[];
export declare function findBrowser(): string | undefined;
export declare function launchOptions(): { executablePath: string | undefined; args: string[]; headless: boolean };
export declare function ensureBrowser(): string;
