export declare function set<T extends object>(obj: T, path: string, value: unknown): T;
export declare function setSafe<T extends object>(obj: T, path: string, value: unknown): T;
