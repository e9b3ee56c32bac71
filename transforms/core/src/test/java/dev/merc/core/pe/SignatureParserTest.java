package dev.merc.core.pe;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.util.CollectionStore;
import org.junit.Test;

/** A PKCS#7 SignedData made here with BouncyCastle, stored as a WIN_CERTIFICATE after the sections. */
public class SignatureParserTest {
    private static final int SECURITY_ENTRY = PeBuilder.OPT + 96 + 8 * PeParser.DIR_SECURITY;

    @Test
    public void certificatesAndAuthentihash() throws Exception {
        KeyPair kp = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        X500Name name = new X500Name("CN=Merc Test");
        Date from = new Date(1_700_000_000_000L);
        Date to = new Date(1_800_000_000_000L);
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate());
        X509CertificateHolder cert = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(0xABCDEF), from, to, name,
                kp.getPublic()).build(signer);
        CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
        gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .build(signer, cert));
        gen.addCertificates(new CollectionStore<>(List.of(cert)));
        byte[] pkcs7 = gen.generate(new CMSProcessableByteArray(new byte[] {1, 2, 3}), true).getEncoded();

        PeBuilder b = PeBuilder.pe32();
        int offset = b.b.length;
        int length = 8 + pkcs7.length;
        ByteArrayOutputStream win = new ByteArrayOutputStream();
        win.write(new byte[] {(byte) length, (byte) (length >> 8), (byte) (length >> 16), 0, 0, 2, 2, 0});
        win.write(pkcs7);
        while (win.size() % 8 != 0) {
            win.write(0);
        }
        b.append(win.toByteArray());
        b.dir(PeParser.DIR_SECURITY, offset, win.size());
        byte[] f = b.build();

        PeInfo.Signature sig = PeParser.parse(f, f.length, PeLimits.defaults()).signature();
        assertNotNull(sig);
        assertEquals(1, sig.certificates().size());
        PeInfo.Certificate c = sig.certificates().get(0);
        assertEquals("CN=Merc Test", c.subject());
        assertEquals("CN=Merc Test", c.issuer());
        assertEquals("abcdef", c.serial());
        assertEquals("2023-11-14T22:13:20Z", c.notBefore());
        assertEquals(Text.hex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded())), c.sha256());

        // Authenticode hash: everything except CheckSum, the security entry and the certificate table.
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(f, 0, PeBuilder.OPT + 0x40);
        md.update(f, PeBuilder.OPT + 0x44, SECURITY_ENTRY - (PeBuilder.OPT + 0x44));
        md.update(f, SECURITY_ENTRY + 8, offset - (SECURITY_ENTRY + 8));
        assertEquals(Text.hex(md.digest()), sig.authentihashSha256());
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
