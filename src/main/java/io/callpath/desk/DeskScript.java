package io.callpath.desk;

import java.util.List;

/**
 * The handbook's seven steps for the assistant, in the caller's language (en, ru; anything else gets English),
 * with the company and the assistant's name filled in. Step 7 is what the seller hears and reads on their pop.
 */
public final class DeskScript {

    private DeskScript() {}

    public static List<String> steps(
            String language, String company, String assistantName, String caller, String request) {
        boolean russian =
                language != null && language.toLowerCase(java.util.Locale.ROOT).startsWith("ru");
        String who = caller.isBlank() ? (russian ? "клиент" : "a caller") : caller;
        String what = request.isBlank() ? (russian ? "(запрос)" : "(their request)") : request;
        if (russian) {
            return List.of(
                    "Добрый день! Компания «" + company + "», " + assistantName + ", слушаю вас.",
                    "(Выслушайте, что нужно клиенту.)",
                    "Да, конечно, вы обратились по адресу!",
                    "Сейчас я переведу вас на менеджера по продажам, он даст вам всю информацию.",
                    "Кстати, скажите, как вы о нас узнали?",
                    "Спасибо, соединяю!",
                    "Менеджеру: звонит " + who + ", вопрос: " + what + ". Можете принять?");
        }
        return List.of(
                "Good afternoon, " + company + ", " + assistantName + " speaking.",
                "(Listen to what the caller wants.)",
                "Yes, of course, you've come to the right place!",
                "I'm transferring you to a sales manager who will give you all the information.",
                "By the way, how did you hear about us?",
                "Thank you, connecting!",
                "To the seller: " + who + " is calling about " + what + ". Can you take it?");
    }
}
