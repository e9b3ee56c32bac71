package dev.merc.core.pe;

import dev.merc.core.pe.PeInfo.Certificate;
import dev.merc.core.pe.PeInfo.Signature;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;

/**
 * Authenticode: the WIN_CERTIFICATE entries at the security directory (a file offset, not an RVA),
 * their PKCS#7 certificates read with BouncyCastle, and the Authenticode SHA-256 of the file.
 */
final class SignatureParser {
    private SignatureParser() {
    }

    static Signature parse(PeContext ctx, long offset, long size, long checksumOffset, long securityEntryOffset) {
        ByteReader r = ctx.r;
        if (!r.has(offset, size)) {
            ctx.note(Anomaly.SIGNATURE_PAST_EOF);
            return null;
        }
        if (offset + size < r.length()) {
            ctx.note(Anomaly.SIGNATURE_NOT_AT_END);
        }
        String authentihash = authentihash(r, checksumOffset, securityEntryOffset, offset, size);
        if (size > ctx.limits.maxSignatureBytes()) {
            ctx.note(Anomaly.SIGNATURE_TOO_LARGE);
            return new Signature(List.of(), authentihash);
        }
        List<Certificate> certs = new ArrayList<>();
        long at = offset;
        long end = offset + size;
        for (int entries = 0; at + 8 <= end; entries++) {
            // 8-byte entries fit 8 MiB a million times over; each PKCS#7 one costs a BouncyCastle parse.
            if (entries >= ctx.limits.maxCertificateEntries()) {
                ctx.note(Anomaly.SIGNATURE_ENTRIES_CAPPED);
                break;
            }
            long length = r.u32(at);
            int type = r.u16(at + 6);
            if (length < 8 || length > end - at) {
                break;
            }
            if (CertificateType.of(type) == CertificateType.PKCS_SIGNED_DATA) {
                readCertificates(ctx, at + 8, (int) (length - 8), certs);
            }
            at += (length + 7) & ~7L;
        }
        if (certs.isEmpty()) {
            ctx.note(Anomaly.SIGNATURE_UNPARSEABLE);
        }
        return new Signature(List.copyOf(certs), authentihash);
    }

    private static void readCertificates(PeContext ctx, long offset, int length, List<Certificate> out) {
        // BouncyCastle needs its own array; its size is bounded by maxSignatureBytes above.
        byte[] blob = new byte[length];
        System.arraycopy(ctx.r.array(), (int) offset, blob, 0, length);
        try (ASN1InputStream in = new ASN1InputStream(blob, true)) {
            CMSSignedData signed = new CMSSignedData(ContentInfo.getInstance(in.readObject()));
            for (Object o : signed.getCertificates().getMatches(null)) {
                X509CertificateHolder h = (X509CertificateHolder) o;
                byte[] der = h.getEncoded();
                out.add(new Certificate(rfc4514(h.getSubject()), rfc4514(h.getIssuer()),
                        h.getSerialNumber().toString(16), h.getNotBefore().toInstant().toString(),
                        h.getNotAfter().toInstant().toString(), Text.digest("SHA-256", der, 0, der.length)));
            }
        } catch (Exception | StackOverflowError e) {
            // Hostile ASN.1 can fail in many ways (and nest deeply); any of them means "unreadable".
            ctx.note(Anomaly.SIGNATURE_UNPARSEABLE);
        }
    }

    private static String rfc4514(org.bouncycastle.asn1.x500.X500Name name) {
        try {
            return new X500Principal(name.getEncoded()).getName(X500Principal.RFC2253);
        } catch (Exception e) {
            return name.toString();
        }
    }

    /**
     * SHA-256 of the file without the checksum field, the security directory entry and the certificate
     * table. With the table last this is the Authenticode digest (checked against osslsigncode 2.9);
     * bytes after it are hashed, as signify does (docs/pe-parsing.md, departure 12).
     */
    private static String authentihash(ByteReader r, long checksumOffset, long securityEntry, long certOffset,
            long certSize) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            long[][] skips = {{checksumOffset, 4}, {securityEntry, 8}, {certOffset, certSize}};
            java.util.Arrays.sort(skips, (a, b) -> Long.compare(a[0], b[0]));
            long pos = 0;
            for (long[] s : skips) {
                long from = Math.min(Math.max(s[0], pos), r.length());
                if (from > pos) {
                    md.update(r.array(), (int) pos, (int) (from - pos));
                }
                pos = Math.max(pos, Math.min(s[0] + s[1], r.length()));
            }
            if (pos < r.length()) {
                md.update(r.array(), (int) pos, (int) (r.length() - pos));
            }
            return Text.hex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
