#!/usr/bin/env bash
# Builds a JVM base image from the JDK on this machine, as a `docker save` tarball, for building
# Kept's images where no registry is reachable (CI here). The image holds a jlink'ed Java runtime
# in /opt/java, the shared libraries it links against, and user 185 (the UBI OpenJDK user the
# manifests run as). Production images use the pinned UBI base (quarkus.jib.base-jvm-image).
# Usage: deploy/images/local-base-image.sh OUTPUT.tar
set -euo pipefail
out=${1:?usage: local-base-image.sh OUTPUT.tar}
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
work=$(mktemp -d "${TMPDIR:-/tmp}/kept-base.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root"/{etc,tmp,home/jboss,opt} && chmod 1777 "$root/tmp"

if [ -d "$java_home/jmods" ]; then
    "$java_home/bin/jlink" --module-path "$java_home/jmods" --add-modules ALL-MODULE-PATH \
        --strip-debug --no-header-files --no-man-pages --output "$root/opt/java"
else
    cp -rL "$java_home" "$root/opt/java"
fi

# The dynamic loader and every library the runtime links against, at their own paths; not those of
# the AWT, sound and image libraries, which a headless service never loads (they pull in X11).
for f in "$root"/opt/java/bin/* $(find "$root/opt/java/lib" -name '*.so' \
        | grep -vE 'lib(awt|awt_xawt|awt_headless|jawt|fontmanager|jsound|splashscreen|lcms|mlib_image|javajpeg)\.so$'); do
    ldd "$f" 2>/dev/null | grep -oE '/[^ ]+' || true
done | sort -u | while read -r lib; do
    case $lib in "$root"/*) continue ;; esac    # the runtime's own libraries are already there
    [ -e "$lib" ] && cp -L --parents "$lib" "$root"
done

# No /etc/ld.so.cache in an empty root: give the loader one that knows where the libraries are.
(cd "$root" && find . -type f -name 'lib*.so*' -printf '%h\n' | sed 's:^\.::' | sort -u) > "$root/etc/ld.so.conf"
ldconfig -r "$root"

cat > "$root/etc/passwd" <<PASSWD
root:x:0:0:root:/root:/sbin/nologin
jboss:x:185:185:Kept:/home/jboss:/sbin/nologin
PASSWD
echo 'root:x:0:
jboss:x:185:' > "$root/etc/group"
chown 185:185 "$root/home/jboss" 2>/dev/null || true

mkdir -p "$work/image"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$root" -cf "$work/image/layer.tar" .
layer_sha=$(sha256sum "$work/image/layer.tar" | cut -d' ' -f1)
cat > "$work/image/config.json" <<CONFIG
{"architecture":"amd64","os":"linux","config":{"User":"185","WorkingDir":"/home/jboss",
"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java"]},
"rootfs":{"type":"layers","diff_ids":["sha256:$layer_sha"]}}
CONFIG
echo '[{"Config":"config.json","RepoTags":["kept/local-jdk17-base:build"],"Layers":["layer.tar"]}]' > "$work/image/manifest.json"
mkdir -p "$(dirname "$out")"
tar -C "$work/image" -cf "$out" manifest.json config.json layer.tar
echo "$out: $(du -h "$out" | cut -f1) base image from $java_home"
