// Responses as PartialObjectMetadata and PartialObjectMetadataList (meta.k8s.io v1 or v1beta1):
// what client-go's metadata client, and the metadata-only informers built on it (the garbage
// collector's, controller-runtime's OnlyMetadata), ask for with
// `Accept: application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1`. The object's whole
// metadata, without its spec and status, as kube-apiserver's transformResponseObject renders it.
// A single object asked for as a list, or a list as a single object, is 406 Not Acceptable.

import { errors } from '../apimachinery/errors.js';
import { asPartialObjectMetadata, partialObjectMetadataType, type KubeObject } from '../apimachinery/types.js';
import type { RequestedView } from './codec.js';
import { listMeta, type ListPage } from './rest/read.js';

export type MetadataView = RequestedView & { as: 'PartialObjectMetadata' | 'PartialObjectMetadataList' };

export function isMetadataView(v: RequestedView | undefined): v is MetadataView {
  return v?.as === 'PartialObjectMetadata' || v?.as === 'PartialObjectMetadataList';
}

/** The view, when it renders a single object (PartialObjectMetadata); 406 when the client asked for a list. */
export function singleObjectView(view: MetadataView): MetadataView {
  if (view.as !== 'PartialObjectMetadata') throw errors.notAcceptable(`you requested ${view.as}, but the requested object is not a list`);
  return view;
}

/** The object as PartialObjectMetadata; 406 when the client asked for a list. */
export function partialObject(view: MetadataView, obj: Readonly<KubeObject>): KubeObject {
  return asPartialObjectMetadata(obj.metadata, singleObjectView(view).version);
}

/** A page of a list as PartialObjectMetadataList; 406 when the client asked for a single object. */
export function partialList(view: MetadataView, page: ListPage): KubeObject & { items: KubeObject[] } {
  if (view.as !== 'PartialObjectMetadataList') throw errors.notAcceptable(`you requested ${view.as}, but the requested object is a list`);
  return { kind: 'PartialObjectMetadataList', apiVersion: `meta.k8s.io/${view.version}`, metadata: listMeta(page), items: page.items.map((o) => asPartialObjectMetadata(o.obj.metadata, view.version)) };
}

/** The kind and apiVersion a watch's events (bookmarks included) carry under this view. */
export function partialTypeMeta(view: MetadataView): { kind: string; apiVersion: string } {
  return partialObjectMetadataType(view.version);
}
