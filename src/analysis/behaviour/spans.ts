/**
 * Source spans (`[start, end]` offsets) compared: the one containment test the behaviour model, the
 * wiper and the harvest reader share. A leaf module, so that files the model imports can use it.
 */
export function within(inner: readonly [number, number], outer: readonly [number, number]): boolean {
  return inner[0] >= outer[0] && inner[1] <= outer[1];
}
