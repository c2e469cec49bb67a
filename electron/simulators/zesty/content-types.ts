/** Objects of one instance's Instances API, shaped after the Zesty documents and SDK tests. */

export const MODEL_TYPES = ['templateset', 'pageset', 'dataset'] as const;
export type ModelType = (typeof MODEL_TYPES)[number];

export interface ContentModel {
  ZUID: string;
  masterZUID: string;
  name: string;
  label: string;
  type: ModelType;
  listed: boolean;
  description: string;
  parentZUID: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ContentField {
  ZUID: string;
  contentModelZUID: string;
  name: string;
  label: string;
  datatype: string;
  required: boolean;
  sort: number;
  description: string;
  settings: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface ItemSnapshot {
  data: Record<string, unknown>;
  meta: {
    ZUID: string;
    masterZUID: string;
    contentModelZUID: string;
    version: number;
    langID: number;
    sort: number;
    listed: boolean;
    createdByUserZUID: string;
    createdAt: string;
    updatedAt: string;
  };
  web: {
    pathPart: string | null;
    path: string | null;
    metaTitle: string | null;
    metaDescription: string | null;
  };
}

export interface Publishing {
  ZUID: string;
  itemZUID: string;
  version: number;
  publishAt: string;
  unpublishAt: string | null;
  publishedByUserZUID: string;
  createdAt: string;
  updatedAt: string;
}

export interface Setting {
  ZUID: string;
  category: string;
  key: string;
  keyFriendly: string;
  value: string;
  dataType: string;
  admin: boolean;
  tips: string;
  createdAt: string;
  updatedAt: string;
}

/** Audit action codes (the simulator's numbering): what happened to `affectedZUID`. */
export const AUDIT_ACTION = { created: 1, modified: 2, removed: 3, published: 4, unpublished: 5 } as const;

export interface Audit {
  ZUID: string;
  action: number;
  affectedZUID: string;
  actionByUserZUID: string;
  meta: { message: string; uri: string };
  happenedAt: string;
  createdAt: string;
}
