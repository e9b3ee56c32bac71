package dev.merc.core.pe;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.PKCS7ProcessableObject;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.util.CollectionStore;
import org.junit.Test;

/**
 * Authenticode signatures made here with BouncyCastle, stored as WIN_CERTIFICATEs after the sections.
 * The expected authentihash is the digest the signature carries, computed from the spec on its own.
 */
public class SignatureParserTest {
    /** RSA key generation is slow, so the tests share one signer. */
    private static final Signer SIGNER = Signer.create();

    /** A self-signed "CN=Merc Test" certificate and a SignedData over {@code content}, made here. */
    private static final class Signer {
        final X509CertificateHolder cert;
        final ContentSigner signer;

        Signer() throws Exception {
            KeyPair kp = KeyPairGenerator.getInstance("RSA").generateKeyPair();
            X500Name name = new X500Name("CN=Merc Test");
            Date from = new Date(1_700_000_000_000L);
            Date to = new Date(1_800_000_000_000L);
            signer = new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate());
            cert = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(0xABCDEF), from, to, name,
                    kp.getPublic()).build(signer);
        }

        static Signer create() {
            try {
                return new Signer();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        CMSSignedData sign(CMSTypedData content) throws Exception {
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().build()).build(signer, cert));
            gen.addCertificates(new CollectionStore<>(List.of(cert)));
            return gen.generate(content, true);
        }
    }

    /** One WIN_CERTIFICATE (revision 0x200) holding {@code body}, padded to 8 bytes. */
    private static byte[] winCertificate(int type, byte[] body) {
        int length = 8 + body.length;
        ByteArrayOutputStream win = new ByteArrayOutputStream();
        win.writeBytes(new byte[] {(byte) length, (byte) (length >> 8), (byte) (length >> 16), 0, 0, 2,
            (byte) type, 0});
        win.writeBytes(body);
        while (win.size() % 8 != 0) {
            win.write(0);
        }
        return win.toByteArray();
    }

    /** The builder's file with {@code table} appended as its certificate table. */
    private static byte[] withCertificateTable(PeBuilder b, byte[] table) {
        int offset = b.b.length;
        b.append(table);
        b.dir(PeParser.DIR_SECURITY, offset, table.length);
        return b.build();
    }

    private static final ASN1ObjectIdentifier SPC_INDIRECT_DATA = new ASN1ObjectIdentifier("1.3.6.1.4.1.311.2.1.4");
    private static final ASN1ObjectIdentifier SPC_PE_IMAGE_DATA = new ASN1ObjectIdentifier("1.3.6.1.4.1.311.2.1.15");

    private static long u32(byte[] f, int at) {
        return (f[at] & 0xFFL) | (f[at + 1] & 0xFFL) << 8 | (f[at + 2] & 0xFFL) << 16 | (f[at + 3] & 0xFFL) << 24;
    }

    private static int u16(byte[] f, int at) {
        return (f[at] & 0xFF) | (f[at + 1] & 0xFF) << 8;
    }

    /**
     * The Authenticode PE image hash as Microsoft's "Calculating the PE Image Hash" lays it out, for
     * the bytes a certificate table will be appended to: the headers up to SizeOfHeaders without
     * CheckSum and the Certificate Table entry, then each section's raw data in PointerToRawData
     * order, then the extra data, FILE_SIZE - (certificate table size + SUM_OF_BYTES_HASHED) bytes from
     * offset SUM_OF_BYTES_HASHED; FILE_SIZE less the table is the image's own length. Written from the
     * spec, independently of SignatureParser.
     */
    static byte[] authenticodeDigest(byte[] image) throws Exception {
        int lfanew = (int) u32(image, 0x3C);
        int opt = lfanew + 24;
        boolean plus = u16(image, opt) == 0x20b;
        int checksum = opt + 64;
        int certEntry = opt + (plus ? 144 : 128);
        int sizeOfHeaders = (int) u32(image, opt + 60);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(image, 0, checksum);
        md.update(image, checksum + 4, certEntry - (checksum + 4));
        md.update(image, certEntry + 8, sizeOfHeaders - (certEntry + 8));
        int sections = u16(image, lfanew + 6);
        int table = opt + u16(image, lfanew + 20);
        List<long[]> raw = new java.util.ArrayList<>();
        for (int i = 0; i < sections; i++) {
            long size = u32(image, table + 40 * i + 16);
            if (size != 0) {
                raw.add(new long[] {u32(image, table + 40 * i + 20), size});
            }
        }
        raw.sort(java.util.Comparator.comparingLong(r -> r[0]));
        long sum = sizeOfHeaders;
        for (long[] r : raw) {
            md.update(image, (int) r[0], (int) r[1]);
            sum += r[1];
        }
        md.update(image, (int) sum, (int) (image.length - sum));
        return md.digest();
    }

    /** A PKCS#7 SignedData whose content is an SpcIndirectDataContent carrying {@code digest} (SHA-256). */
    static byte[] authenticodeSignature(byte[] digest) throws Exception {
        ASN1Encodable obsolete = new DERTaggedObject(false, 0, new DERBMPString("<<<Obsolete>>>"));
        ASN1Encodable file = new DERTaggedObject(true, 0, new DERTaggedObject(true, 2, obsolete));
        ASN1Encodable peImageData = new DERSequence(new ASN1Encodable[] {new DERBitString(new byte[0]), file});
        ASN1Sequence indirect = new DERSequence(new ASN1Encodable[] {
            new DERSequence(new ASN1Encodable[] {SPC_PE_IMAGE_DATA, peImageData}),
            new DigestInfo(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE), digest)});
        // BouncyCastle signs the sequence's contents (as Authenticode does) but wraps them in an OCTET
        // STRING; Authenticode carries the sequence itself, so the content is put back as such.
        SignedData cms = SignedData.getInstance(
                SIGNER.sign(new PKCS7ProcessableObject(SPC_INDIRECT_DATA, indirect)).toASN1Structure().getContent());
        SignedData authenticode = new SignedData(cms.getDigestAlgorithms(), new ContentInfo(SPC_INDIRECT_DATA, indirect),
                cms.getCertificates(), cms.getCRLs(), cms.getSignerInfos());
        return new ContentInfo(CMSObjectIdentifiers.signedData, authenticode).getEncoded(ASN1Encoding.DER);
    }

    /** The digest in the SpcIndirectDataContent of the first WIN_CERTIFICATE at {@code offset}. */
    static byte[] signedDigest(byte[] f, int offset) throws Exception {
        int length = (int) u32(f, offset);
        byte[] der = java.util.Arrays.copyOfRange(f, offset + 8, offset + length);
        SignedData sd = SignedData.getInstance(ContentInfo.getInstance(ASN1Primitive.fromByteArray(der)).getContent());
        ASN1Sequence indirect = ASN1Sequence.getInstance(sd.getEncapContentInfo().getContent());
        return DigestInfo.getInstance(indirect.getObjectAt(1)).getDigest();
    }

    /** A signed file: PeBuilder's image, the overlay, then the certificate table; CheckSum set last, as signers do. */
    static byte[] signedFile(byte[] overlay) throws Exception {
        PeBuilder b = PeBuilder.pe32();
        b.append(overlay);
        byte[] image = b.build();
        byte[] table = winCertificate(2, authenticodeSignature(authenticodeDigest(image)));
        byte[] f = withCertificateTable(b, table);
        PeParserTest.putU32(f, PeBuilder.OPT + 0x40, Checksum.compute(new ByteReader(f, f.length), PeBuilder.OPT + 0x40));
        return f;
    }

    @Test
    public void certificatesAndAuthentihash() throws Exception {
        byte[] overlay = new byte[0x30];
        java.util.Arrays.fill(overlay, (byte) 0xA5);
        byte[] f = signedFile(overlay);
        int offset = PeBuilder.RDATA_RAW + PeBuilder.RDATA_SIZE + overlay.length;

        PeInfo pe = PeParser.parse(f, f.length, PeLimits.defaults());
        PeInfo.Signature sig = pe.signature();
        assertNotNull(sig);
        assertEquals(1, sig.certificates().size());
        PeInfo.Certificate c = sig.certificates().get(0);
        assertEquals("CN=Merc Test", c.subject());
        assertEquals("CN=Merc Test", c.issuer());
        assertEquals("abcdef", c.serial());
        assertEquals("2023-11-14T22:13:20Z", c.notBefore());
        assertEquals(Text.hex(MessageDigest.getInstance("SHA-256").digest(SIGNER.cert.getEncoded())), c.sha256());
        assertFalse(pe.anomalies().toString(), pe.anomalies().contains(Anomaly.SIGNATURE_NOT_AT_END));

        assertEquals(Text.hex(signedDigest(f, offset)), sig.authentihashSha256());
    }

    /**
     * Bytes appended after the certificate table: Authenticode tools disagree (osslsigncode ignores the
     * signature, the spec's length rule would hash the table's first bytes), so Merc flags the file and
     * hashes the appended bytes too, as signify does. The signed digest no longer matches.
     */
    @Test
    public void dataAfterTheCertificateTable() throws Exception {
        byte[] signed = signedFile(new byte[0x30]);
        byte[] f = java.util.Arrays.copyOf(signed, signed.length + 16);
        f[f.length - 1] = 1;
        PeInfo pe = PeParser.parse(f, f.length, PeLimits.defaults());
        assertTrue(pe.anomalies().toString(), pe.anomalies().contains(Anomaly.SIGNATURE_NOT_AT_END));
        assertEquals(1, pe.signature().certificates().size());
        String whole = PeParser.parse(signed, signed.length, PeLimits.defaults()).signature().authentihashSha256();
        assertFalse(whole.equals(pe.signature().authentihashSha256()));
    }

    /**
     * 64 eight-byte X.509-type entries, then a real PKCS#7 one: the entry cap stops the walk before it.
     * With a cap of 65 the same table yields the certificate, so it is the cap that cut.
     */
    @Test
    public void certificateEntriesAreCapped() throws Exception {
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        for (int i = 0; i < 64; i++) {
            table.writeBytes(winCertificate(1, new byte[0]));
        }
        table.writeBytes(winCertificate(2, SIGNER.sign(new CMSProcessableByteArray(new byte[] {1})).getEncoded()));
        byte[] f = withCertificateTable(PeBuilder.pe32(), table.toByteArray());

        PeInfo capped = PeParser.parse(f, f.length, PeLimits.defaults());
        assertEquals(64, PeLimits.defaults().maxCertificateEntries());
        assertTrue(capped.anomalies().toString(), capped.anomalies().contains(Anomaly.SIGNATURE_ENTRIES_CAPPED));
        assertTrue(capped.signature().certificates().isEmpty());

        PeInfo full = PeParser.parse(f, f.length, TestLimits.with("maxCertificateEntries", 65));
        assertEquals(1, full.signature().certificates().size());
        assertFalse(full.anomalies().contains(Anomaly.SIGNATURE_ENTRIES_CAPPED));
    }

    @Test
    public void garbageCertificateTable() {
        PeBuilder b = PeBuilder.pe32();
        int offset = b.b.length;
        byte[] junk = new byte[64];
        junk[0] = 64;
        junk[6] = 2;
        for (int i = 8; i < 64; i++) {
            junk[i] = (byte) (0x30 + i);
        }
        b.append(junk).dir(PeParser.DIR_SECURITY, offset, 64);
        byte[] f = b.build();
        PeInfo pe = PeParser.parse(f, f.length, PeLimits.defaults());
        assertTrue(pe.signature().certificates().isEmpty());
        assertTrue(pe.anomalies().contains(Anomaly.SIGNATURE_UNPARSEABLE));
    }
}
